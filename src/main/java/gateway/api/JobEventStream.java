package gateway.api;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import gateway.GatewayMetrics;
import gateway.job.Job;
import gateway.job.JobFeeds;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * A job's progress as server-sent events (CONTRACT §4): one event per state newer than {@code Last-Event-ID},
 * heartbeat comments in between, and the end of the stream right after the terminal event.
 */
@Startup // its subscriber gauge exists before the first stream
@ApplicationScoped
public class JobEventStream {

    private final JobFeeds feeds;
    private final Heartbeats heartbeats;
    private final ObjectMapper mapper;

    /** How long a client should wait before reconnecting when the server ends its stream early. */
    static final long RECONNECT_DELAY_MILLIS = 1_000;

    // one closer per open stream, removed when the stream ends: bounded by open connections
    private final Set<Runnable> openStreams = ConcurrentHashMap.newKeySet();

    JobEventStream(JobFeeds feeds, Heartbeats heartbeats, ObjectMapper mapper, GatewayMetrics metrics) {
        this.feeds = feeds;
        this.heartbeats = heartbeats;
        this.mapper = mapper;
        metrics.sseSubscribersGauge(openStreams::size);
    }

    public Multi<OutboundSseEvent> events(Sse sse, String tenantId, String jobId, long lastEventId) {
        // the emitter serialises the two sources; the buffer holds at most the job's few changes and the
        // heartbeats of one jobs.timeout, since every stream ends with its job
        return Multi.createFrom().emitter(emitter -> {
            Runnable close = () -> {
                emitter.emit(sse.newEventBuilder().comment("server shutting down, reconnect")
                        .reconnectDelay(RECONNECT_DELAY_MILLIS).build());
                emitter.complete();
            };
            openStreams.add(close);
            Cancellable changes = feeds.follow(tenantId, jobId)
                    .select().where(job -> job.seq() > lastEventId)
                    .subscribe().with(job -> {
                        emitter.emit(event(sse, job));
                        if (job.isTerminal()) {
                            emitter.complete();
                        }
                    }, emitter::fail, emitter::complete);
            Cancellable beats = heartbeats.ticks().subscribe().with(tick -> emitter.emit(heartbeat(sse)));
            emitter.onTermination(() -> {
                openStreams.remove(close);
                changes.cancel();
                beats.cancel();
            });
        });
    }

    /** Ends every open stream with a {@code retry:} hint; returns how many there were. */
    int closeAll() {
        int count = openStreams.size();
        openStreams.forEach(Runnable::run);
        return count;
    }

    private OutboundSseEvent event(Sse sse, Job job) {
        return sse.newEventBuilder()
                .id(Long.toString(job.seq()))
                .name(job.status().wireName())
                .data(json(job))
                .build();
    }

    /** Written here rather than by the SSE writer, which would add a {@code content-type} field to every event. */
    private String json(Job job) {
        try {
            return mapper.writeValueAsString(JobResponse.of(job));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a job always serialises", e);
        }
    }

    private static OutboundSseEvent heartbeat(Sse sse) {
        return sse.newEventBuilder().comment("heartbeat").build();
    }
}
