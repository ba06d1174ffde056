package gateway.api;

import java.util.List;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * Writes a problem straight onto a Vert.x response, for refusals made below Quarkus REST (framing checks, the
 * router's own failures), where {@link ProblemMapper} never runs.
 */
@Singleton
public class EdgeProblems {

    private final ObjectMapper json;

    EdgeProblems(ObjectMapper json) {
        this.json = json;
    }

    /** Answers and keeps the connection: the request was framed well, so the next one on it can be read. */
    public void send(HttpServerResponse response, Problem problem) {
        response.setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Buffer.buffer(body(problem)));
    }

    /**
     * Answers and closes the connection, for a request whose end cannot be trusted: whatever follows it on the
     * connection is never read as a request. Written without {@code end()}, which would let Vert.x start serving
     * a request pipelined behind this one before the close.
     */
    public void sendAndClose(HttpServerResponse response, Problem problem) {
        byte[] body = body(problem);
        response.setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length))
                .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        response.write(Buffer.buffer(body));
        response.close();
    }

    /**
     * Answers, then closes the connection, for a request refused before its body was read whose framing is sound:
     * the rest of the body is never read, and the request counts as done for the graceful shutdown (which waits for
     * every request whose answer has not ended).
     */
    public void sendAndHangUp(HttpServerResponse response, Problem problem) {
        response.setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
                .end(Buffer.buffer(body(problem)))
                .onComplete(ended -> response.close());
    }

    public static Problem invalid(FieldError error) {
        return Problem.of(400, "invalid_request", "Invalid request", "The request has 1 invalid field", List.of(error));
    }

    private byte[] body(Problem problem) {
        try {
            return json.writeValueAsBytes(problem);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("a problem record always serialises", impossible);
        }
    }
}
