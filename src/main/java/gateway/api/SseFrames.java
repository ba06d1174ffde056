package gateway.api;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import gateway.job.Job;
import io.vertx.core.buffer.Buffer;

/**
 * The server-sent event frames the gateway writes. A frame is an immutable buffer that any number of streams
 * write (Vert.x writes a slice of it), so one encoding serves every follower.
 */
final class SseFrames {

    /** How long a client should wait before reconnecting when the server ends its stream early. */
    static final long RECONNECT_DELAY_MILLIS = 1_000;

    static final Buffer HEARTBEAT = Buffer.buffer(": heartbeat\n\n");
    static final Buffer RECONNECT = Buffer.buffer(": server shutting down, reconnect\nretry: "
            + RECONNECT_DELAY_MILLIS + "\n\n");

    private SseFrames() {
    }

    /** {@code id}, {@code event} and one {@code data} line: compact JSON holds no line break. */
    static Buffer event(Job job, ObjectMapper mapper) {
        byte[] data;
        try {
            data = mapper.writeValueAsBytes(JobResponse.of(job));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a job always serialises", e);
        }
        byte[] head = ("id: " + job.seq() + "\nevent: " + job.status().wireName() + "\ndata: ")
                .getBytes(StandardCharsets.US_ASCII);
        return Buffer.buffer(head.length + data.length + 2).appendBytes(head).appendBytes(data).appendString("\n\n");
    }
}
