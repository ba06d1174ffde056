package gateway.api;

import java.util.Locale;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import gateway.config.GatewayConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads a chunked JSON submission (no {@code Content-Length} to refuse it by) into memory up to
 * {@code gateway.limits.max-json-body} and no further: past it, a 413 problem and the connection closed. Without
 * it Quarkus REST reads up to the server's 26 MB limit and then answers a bare 413 of its own. This runs before
 * authentication, so an unauthenticated caller can make the gateway read at most that many bytes.
 */
@Singleton
public class ChunkedJsonBodyLimit {

    private static final Logger LOG = Logger.getLogger(ChunkedJsonBodyLimit.class);

    private final EdgeProblems problems;
    private final long maxJsonBody;

    ChunkedJsonBodyLimit(EdgeProblems problems, GatewayConfig config) {
        this.problems = problems;
        this.maxJsonBody = config.limits().maxJsonBody().asLongValue();
    }

    void install(@Observes Router router) {
        router.post("/v1/upscales").order(Integer.MIN_VALUE + 1).handler(context -> {
            if (isChunkedJson(context.request())) {
                readCapped(context);
            } else {
                context.next();
            }
        });
    }

    private void readCapped(RoutingContext context) {
        HttpServerRequest request = context.request();
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (context.response().headWritten()) {
                return; // refused already; the connection is closing
            }
            if (body.length() + chunk.length() > maxJsonBody) {
                problems.sendAndHangUp(context.response(), Problem.forStatus(413));
                return;
            }
            body.appendBuffer(chunk);
        });
        // a chunk framing the decoder refuses, or a caller hanging up: Vert.x closes the connection itself
        request.exceptionHandler(failure -> LOG.debugf("Chunked body of %s not read: %s", request.path(), failure));
        request.endHandler(end -> {
            if (!context.response().headWritten()) {
                context.setBody(body); // Quarkus REST reads this instead of the stream
                context.next();
            }
        });
        request.resume();
    }

    private static boolean isChunkedJson(HttpServerRequest request) {
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        return request.headers().contains(HttpHeaders.TRANSFER_ENCODING) && type != null
                && type.toLowerCase(Locale.ROOT).startsWith("application/json");
    }
}
