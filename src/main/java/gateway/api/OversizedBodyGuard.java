package gateway.api;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * Answers a body declared larger than the server's hard limit ({@code quarkus.http.limits.max-body-size}) with the
 * contract's 413 problem, before any route reads it; the framework would otherwise answer with an empty 413.
 */
@Singleton
public class OversizedBodyGuard {

    private static final String BODY = "{\"type\":\"urn:upscale-gateway:problem:payload_too_large\","
            + "\"title\":\"Payload too large\",\"status\":413,\"detail\":\"The body is larger than the server accepts\","
            + "\"code\":\"payload_too_large\"}";

    private final long maxBodySize;

    OversizedBodyGuard(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.maxBodySize = maxBodySize.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (declared != null && isOver(declared)) {
                context.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(BODY);
                return;
            }
            context.next();
        });
    }

    private boolean isOver(String declared) {
        try {
            return Long.parseLong(declared.strip()) > maxBodySize;
        } catch (NumberFormatException e) {
            return false; // the request's own route reports a malformed length
        }
    }
}
