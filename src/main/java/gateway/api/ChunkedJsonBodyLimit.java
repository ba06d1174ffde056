package gateway.api;

import java.util.Locale;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

import gateway.GatewayConfig;

/**
 * Reads a chunked JSON submission (no {@code Content-Length} to refuse it by) into memory up to
 * {@code gateway.limits.max-json-body} and no further: past it, a 413 problem and the connection closed. Without
 * it Quarkus REST reads up to the server's 26 MB limit and then answers a bare 413 of its own. This runs before
 * authentication, so an unauthenticated caller can make the gateway read at most that many bytes.
 */
@Singleton
public class ChunkedJsonBodyLimit {

    private final BodyHandler bodyHandler;

    ChunkedJsonBodyLimit(GatewayConfig config) {
        this.bodyHandler = BodyHandler.create(false).setBodyLimit(config.limits().maxJsonBody().asLongValue());
    }

    void install(@Observes Router router) {
        router.post("/v1/upscales").order(Integer.MIN_VALUE + 1).handler(context -> {
            String type = context.request().getHeader(HttpHeaders.CONTENT_TYPE);
            boolean chunked = context.request().headers().contains(HttpHeaders.TRANSFER_ENCODING);
            if (chunked && type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                bodyHandler.handle(context); // Quarkus REST then reads the buffered body instead of the stream
            } else {
                context.next();
            }
        });
    }
}
