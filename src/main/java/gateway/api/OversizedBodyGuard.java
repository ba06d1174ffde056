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

    private final long maxBodySize;

    private final EdgeProblems problems;

    OversizedBodyGuard(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
            EdgeProblems problems) {
        this.maxBodySize = maxBodySize.asLongValue();
        this.problems = problems;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (declared != null && isOver(declared)) {
                problems.send(context.response().putHeader(HttpHeaders.CONNECTION, "close"), Problem.forStatus(413));
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
