package gateway.emulator;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.vertx.core.json.JsonObject;

/** A WireMock server in the part of a webhook receiver: it answers 204 on {@code /hooks/*} unless told otherwise. */
final class WebhookReceiver {

    private final WireMockServer server = new WireMockServer(options().dynamicPort());

    /** One POST as it arrived: the raw body and the headers Apiframe's webhooks carry. */
    record Received(String event, String signature, String contentType, byte[] body, Instant receivedAt) {

        JsonObject json() {
            return new JsonObject(new String(body, StandardCharsets.UTF_8));
        }

        /** Checks the signature the way a receiver would, with nothing of the emulator's code. */
        boolean isSignedWith(String apiKey) {
            try {
                byte[] key = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
                return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                        signature.getBytes(StandardCharsets.US_ASCII));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    void start() {
        server.start();
    }

    void stop() {
        server.stop();
    }

    void reset() {
        server.resetAll();
        server.stubFor(post(urlPathMatching("/hooks/.*")).willReturn(aResponse().withStatus(204)));
    }

    WireMockServer wireMock() {
        return server;
    }

    /** A path of its own for one test's webhooks. */
    String newPath() {
        return "/hooks/" + UUID.randomUUID();
    }

    String url(String path) {
        return server.url(path);
    }

    /** What arrived on {@code path}, in the order it arrived. */
    List<Received> received(String path) {
        return server.findAll(postRequestedFor(urlEqualTo(path))).stream().map(WebhookReceiver::received).toList();
    }

    List<String> events(String path) {
        return received(path).stream().map(Received::event).toList();
    }

    private static Received received(LoggedRequest request) {
        return new Received(request.getHeader("X-Webhook-Event"), request.getHeader("X-Webhook-Signature"),
                request.getHeader("Content-Type"), request.getBody(), request.getLoggedDate().toInstant());
    }
}
