import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A callback receiver for trying the gateway's callbacks by hand, with nothing but a JDK:
 * {@code java src/dev/CallbackReceiver.java <port> <whsec_ secret>}. It prints each delivery, says whether its
 * Standard Webhooks signature is the one the secret makes, and answers 204.
 */
public class CallbackReceiver {

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9999;
        byte[] key = args.length > 1 ? Base64.getDecoder().decode(args[1].replaceFirst("^whsec_", "")) : null;
        HttpServer server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
        server.createContext("/", exchange -> receive(exchange, key));
        server.start();
        System.out.println("Listening on http://localhost:" + port + "/ (Ctrl-C to stop)");
    }

    private static void receive(HttpExchange exchange, byte[] key) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
        String signatures = exchange.getRequestHeaders().getFirst("webhook-signature");
        System.out.println(exchange.getRequestMethod() + " " + exchange.getRequestURI() + "  webhook-id: " + id
                + "  webhook-timestamp: " + timestamp + "  signature: " + verdict(key, id, timestamp, signatures, body));
        System.out.println(body);
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    private static String verdict(byte[] key, String id, String timestamp, String signatures, String body) {
        if (key == null) {
            return "not checked (no secret given)";
        }
        if (id == null || timestamp == null || signatures == null) {
            return "MISSING HEADERS";
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            for (String signature : signatures.split(" ")) {
                if (signature.startsWith("v1,") && MessageDigest.isEqual(expected,
                        Base64.getDecoder().decode(signature.substring(3)))) {
                    return "valid";
                }
            }
            return "INVALID";
        } catch (Exception e) {
            return "INVALID (" + e + ")";
        }
    }
}
