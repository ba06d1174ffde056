package gateway.api;

import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;

/**
 * Refuses a request whose body length is ambiguous (RFC 9112 §6.1, §6.3), or whose HTTP version is unknown,
 * before any other route sees it, and closes its connection so the bytes after it are never served as a second
 * request (request smuggling). Netty already refuses {@code chunked} not last, {@code chunked} with
 * {@code Content-Length}, and repeated {@code Content-Length}s, but reads any other transfer coding as "no body"
 * and the rest as the next request. Only {@code chunked} alone is taken: the gateway decodes no other coding.
 */
@Singleton
public class FramingGuard {

    private final EdgeProblems problems;

    FramingGuard(EdgeProblems problems) {
        this.problems = problems;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            FieldError refusal = refusal(context.request());
            if (refusal != null) {
                problems.sendAndClose(context.response(), EdgeProblems.invalid(refusal));
                return;
            }
            context.next();
        });
    }

    /** What is wrong with the request's framing, or null when nothing is. */
    private static FieldError refusal(HttpServerRequest request) {
        if (request.version() == null) { // Netty takes any "HTTP/x.y"; Vert.x knows only these
            return new FieldError("HTTP-version", "must be HTTP/1.0 or HTTP/1.1");
        }
        List<String> transferEncodings = request.headers().getAll(HttpHeaders.TRANSFER_ENCODING);
        List<String> contentLengths = request.headers().getAll(HttpHeaders.CONTENT_LENGTH);
        if (!transferEncodings.isEmpty()) {
            if (transferEncodings.size() > 1 || !transferEncodings.get(0).strip().equalsIgnoreCase("chunked")) {
                return new FieldError("Transfer-Encoding", "must be chunked, alone");
            }
            if (!contentLengths.isEmpty()) {
                return new FieldError("Content-Length", "cannot be combined with Transfer-Encoding");
            }
        }
        if (contentLengths.size() > 1 || contentLengths.size() == 1 && contentLengths.get(0).indexOf(',') >= 0) {
            return new FieldError("Content-Length", "must be sent once");
        }
        return null;
    }
}
