package gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An HTTP/1.1 request written byte for byte over a socket, for what HTTP clients refuse or tidy up: empty or
 * tab-only header values, a header repeated, a path sent unnormalised, bytes that are not UTF-8.
 */
public final class HandWrittenRequest {

    private final String method;
    private final String target;
    private final List<String> headers = new ArrayList<>();
    private byte[] body;

    private HandWrittenRequest(String method, String target) {
        this.method = method;
        this.target = target;
    }

    public static HandWrittenRequest of(String method, String target) {
        return new HandWrittenRequest(method, target);
    }

    /** Adds one header field exactly as given (name, colon, value), even a repeated name or an empty value. */
    public HandWrittenRequest header(String name, String value) {
        headers.add(name + ":" + value);
        return this;
    }

    public HandWrittenRequest asAcme() {
        return header("Authorization", " Bearer " + TestTenants.ACME_KEY);
    }

    public HandWrittenRequest json(byte[] json) {
        return body("application/json", json);
    }

    public HandWrittenRequest body(String contentType, byte[] body) {
        header("Content-Type", " " + contentType);
        this.body = body;
        return this;
    }

    public HandWrittenRequest json(String json) {
        return json(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends the request on a new connection (closed after the answer) and reads the whole answer. */
    public Answer send(int port) {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: localhost\r\nConnection: close\r\n");
            headers.forEach(field -> head.append(field).append("\r\n"));
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            in.transferTo(received);
            return Answer.parse(received.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The status, header fields (names lower-cased) and body of an answer. */
    public record Answer(int status, List<String[]> headers, String body) {

        static Answer parse(String raw) {
            int end = raw.indexOf("\r\n\r\n");
            String[] lines = raw.substring(0, end < 0 ? raw.length() : end).split("\r\n");
            List<String[]> headers = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                String[] field = lines[i].split(":", 2);
                headers.add(new String[] { field[0].strip().toLowerCase(Locale.ROOT), field[1].strip() });
            }
            return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers,
                    end < 0 ? "" : raw.substring(end + 4));
        }

        /** The first value of the header, or null. */
        public String header(String name) {
            return headers.stream().filter(field -> field[0].equals(name.toLowerCase(Locale.ROOT)))
                    .map(field -> field[1]).findFirst().orElse(null);
        }
    }
}
