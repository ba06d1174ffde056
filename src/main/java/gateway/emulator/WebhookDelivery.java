package gateway.emulator;

import java.net.URI;
import java.util.UUID;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** One webhook POST as it goes on the wire: the body's exact bytes and the headers Apiframe sends with them. */
record WebhookDelivery(UUID jobId, URI url, WebhookEvent event, Buffer body, String signature) {

    static WebhookDelivery signed(UUID jobId, URI url, WebhookEvent event, JsonObject body, String apiKey) {
        Buffer bytes = body.toBuffer();
        return new WebhookDelivery(jobId, url, event, bytes, WebhookSignature.of(bytes.getBytes(), apiKey));
    }

    static WebhookDelivery forged(UUID jobId, URI url, WebhookEvent event, JsonObject body) {
        Buffer bytes = body.toBuffer();
        return new WebhookDelivery(jobId, url, event, bytes, WebhookSignature.forged(bytes.getBytes()));
    }
}
