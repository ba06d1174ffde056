package gateway.api;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;

import gateway.config.GatewayConfig;
import gateway.job.Job;
import gateway.job.JobFeeds;
import gateway.job.JobStatus;
import gateway.metrics.GatewayMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * A job's progress as server-sent events (contract.md, "The event stream"): one event per state newer than
 * {@code Last-Event-ID}, heartbeat comments in between, and the end of the stream right after the terminal event.
 * Each stream is written straight to its response once Quarkus REST has authenticated, rate-limited and checked it;
 * every event is encoded once per change for all the job's streams, and one timer beats for all of them.
 */
@Startup // its gauges exist before the first stream
@ApplicationScoped
public class JobEventStream {

    private final JobFeeds feeds;
    private final Vertx vertx;
    private final long heartbeatMillis;
    private final int maxStreams;
    private final Function<Job, Buffer> encoder;
    private final Consumer<EventStream> forget;
    // every open stream, removed when it ends: bounded by gateway.sse.max-streams
    private final Set<EventStream> open = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;
    private long timerId = -1;

    JobEventStream(JobFeeds feeds, ObjectMapper mapper, Vertx vertx, GatewayConfig config, GatewayMetrics metrics) {
        this.feeds = feeds;
        this.vertx = vertx;
        this.heartbeatMillis = config.sse().heartbeat().toMillis();
        this.maxStreams = config.sse().maxStreams().orElseGet(DescriptorBudget::defaultMaxStreams);
        this.encoder = job -> SseFrames.event(job, mapper);
        this.forget = open::remove;
        metrics.sseSubscribersGauge(open::size);
        metrics.sseMaxStreamsGauge(() -> maxStreams);
    }

    void start(@Observes StartupEvent event) {
        warmUp();
        timerId = vertx.setPeriodic(heartbeatMillis, id -> open.forEach(EventStream::heartbeat));
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timerId);
    }

    int maxStreams() {
        return maxStreams;
    }

    /** A stream the resource may open; over the cap it is refused before its response starts. */
    StreamRequest admit(String tenantId, String jobId, long lastEventId) {
        if (open.size() >= maxStreams) {
            throw new TooManyStreamsException();
        }
        return new StreamRequest(tenantId, jobId, lastEventId);
    }

    /** Starts the stream on a response whose head (status and headers) is set but not yet written. */
    void open(StreamRequest request, HttpServerResponse response) {
        EventStream stream = new EventStream(response, vertx.getOrCreateContext(), request.lastEventId(), encoder,
                forget);
        open.add(stream);
        response.setChunked(true);
        response.closeHandler(closed -> stream.closed());
        response.writeHead();
        if (draining) { // opened while shutting down: closeAll may have missed it
            stream.sendAway();
            return;
        }
        stream.following(feeds.follow(request.tenantId(), request.jobId(), stream));
    }

    /**
     * Ends every open stream with a {@code retry:} hint, and every stream opened from now on right after its
     * head; returns how many were open.
     */
    int closeAll() {
        draining = true;
        int count = open.size();
        open.forEach(EventStream::sendAway);
        return count;
    }

    /**
     * Encodes a job once at startup, so the serialisers every publish needs are loaded while the class loader can
     * still open its jars (it could not at the descriptor limit, which the connection cap now keeps away).
     */
    private void warmUp() {
        Instant now = Instant.EPOCH;
        encoder.apply(new Job("warm-up", "warm-up", JobStatus.QUEUED, null, now, now, null, null, null, null, null,
                null, 1, null));
    }
}
