package gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sends bytes exactly as given over a plain socket and reads everything the server sends until it closes the
 * connection, for protocol violations no HTTP client would produce; {@link #request} writes a well-framed request
 * field by field, for what HTTP clients refuse or tidy up (empty or repeated header fields, unnormalised paths,
 * bytes that are not UTF-8).
 */
public final class RawHttp {

    private static final int READ_TIMEOUT_MS = 5000;

    private RawHttp() {
    }

    /** One response as it came off the wire: header names lower-cased, the body decoded as UTF-8. */
    public record RawResponse(String statusLine, int status, Map<String, String> headers, String body) {

        /** The first value of the header, or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** What the server sent for the bytes: every response in order, and whether it then closed the connection. */
    public record Exchange(List<RawResponse> responses, boolean closed, String raw) {

        public RawResponse only() {
            if (responses.size() != 1) {
                throw new AssertionError("expected exactly one response, got " + responses.size() + ":\n" + raw);
            }
            return responses.get(0);
        }
    }

    /** A request to build field by field and {@link Request#send send} on a connection of its own. */
    public static Request request(String method, String target) {
        return new Request(method, target);
    }

    public static Exchange exchange(URI server, String request) {
        return exchange(server, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    public static Exchange exchange(URI server, byte[] request) {
        return exchange(server, request, false);
    }

    /**
     * Like {@link #exchange(URI, byte[])}, and then says the request is over by shutting the socket's output: the
     * server sees the connection end where the bytes end (a truncated body).
     */
    public static Exchange exchangeThenHalfClose(URI server, String request) {
        return exchange(server, request.getBytes(StandardCharsets.ISO_8859_1), true);
    }

    private static Exchange exchange(URI server, byte[] request, boolean halfClose) {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(READ_TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
                if (halfClose) {
                    socket.shutdownOutput();
                }
            } catch (java.net.SocketException refusedMidway) {
                // the server answered and closed before taking everything: its answer is still there to read
            }
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            boolean closed = readUntilClosed(socket.getInputStream(), received);
            String raw = received.toString(StandardCharsets.ISO_8859_1);
            return new Exchange(parse(raw), closed, raw);
        } catch (IOException e) {
            throw new AssertionError("raw exchange failed", e);
        }
    }

    private static boolean readUntilClosed(InputStream in, ByteArrayOutputStream received) throws IOException {
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0;) {
                received.write(buffer, 0, n);
            }
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (java.net.SocketException reset) {
            return true; // closed with unread bytes of ours still in flight
        }
    }

    private static List<RawResponse> parse(String raw) {
        List<RawResponse> responses = new ArrayList<>();
        int at = 0;
        while (at < raw.length()) {
            int headEnd = raw.indexOf("\r\n\r\n", at);
            if (headEnd < 0) {
                throw new AssertionError("unparseable response bytes:\n" + raw.substring(at));
            }
            String[] lines = raw.substring(at, headEnd).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.putIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip());
            }
            int bodyStart = headEnd + 4;
            String length = headers.get("content-length");
            int bodyEnd = length == null ? raw.length() : Math.min(raw.length(), bodyStart + Integer.parseInt(length));
            String[] status = lines[0].split(" ", 3);
            byte[] body = raw.substring(bodyStart, bodyEnd).getBytes(StandardCharsets.ISO_8859_1);
            responses.add(new RawResponse(lines[0], Integer.parseInt(status[1]), headers,
                    new String(body, StandardCharsets.UTF_8)));
            at = bodyEnd;
        }
        return responses;
    }

    /**
     * An HTTP/1.1 request with Host, {@code Connection: close} and, when it has a body, Content-Length; every other
     * header field is written exactly as given (name, colon, value), even a repeated name or an empty value.
     */
    public static final class Request {

        private final String method;
        private final String target;
        private final List<String> fields = new ArrayList<>();
        private byte[] body;

        private Request(String method, String target) {
            this.method = method;
            this.target = target;
        }

        public Request header(String name, String value) {
            fields.add(name + ":" + value);
            return this;
        }

        public Request asAcme() {
            return header("Authorization", " Bearer " + TestTenants.ACME_KEY);
        }

        public Request json(String json) {
            return json(json.getBytes(StandardCharsets.UTF_8));
        }

        public Request json(byte[] json) {
            return body("application/json", json);
        }

        public Request body(String contentType, byte[] body) {
            header("Content-Type", " " + contentType);
            this.body = body;
            return this;
        }

        /** Sends it on a new connection and returns the one answer. */
        public RawResponse send(URI server) {
            StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: localhost\r\nConnection: close\r\n");
            fields.forEach(field -> head.append(field).append("\r\n"));
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
            byte[] content = body == null ? new byte[0] : body;
            byte[] request = Arrays.copyOf(headBytes, headBytes.length + content.length);
            System.arraycopy(content, 0, request, headBytes.length, content.length);
            return exchange(server, request).only();
        }
    }
}
