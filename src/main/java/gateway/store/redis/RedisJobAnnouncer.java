package gateway.store.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import gateway.job.Job;
import gateway.job.JobAnnouncer;
import gateway.job.JobFeeds;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Many replicas: each change is published once on the Redis channel {@link RedisKeys#EVENTS}, and each replica holds
 * one subscription that fans it out to its local feeds, so an SSE client on replica B follows a job polled by
 * replica A. The change is also handed to the local feeds at once; the copy coming back from Redis is then ignored, since a
 * feed only takes states newer than the one it has. Redis forgets subscribers when it restarts: the subscription
 * is made again whenever it ends, and each time it is (re)confirmed the followed jobs are read again from the store,
 * so a change published while it was down is not lost. Publishing has the command deadline of {@link RedisCommands};
 * subscribing has none, as no request waits on it: a subscription Redis is slow to confirm is simply confirmed late.
 */
@Singleton // created by the @Startup producer in gateway.StoreSelection, so it subscribes before any stream opens
@Typed(RedisJobAnnouncer.class) // chosen by gateway.store in gateway.StoreSelection
public class RedisJobAnnouncer implements JobAnnouncer {

    private static final Logger LOG = Logger.getLogger(RedisJobAnnouncer.class);

    private final JobFeeds feeds;
    private final ObjectMapper json;
    private final ReactivePubSubCommands<String> pubsub;
    private final RedisCommands commands;
    // true while a subscription is confirmed, so its end (reported as an end, an error or both) resubscribes once
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private volatile boolean running = true;
    private volatile Cancellable subscribing;

    RedisJobAnnouncer(JobFeeds feeds, ObjectMapper json, ReactiveRedisDataSource redis, RedisCommands commands) {
        this.feeds = feeds;
        this.json = json;
        this.pubsub = redis.pubsub(String.class);
        this.commands = commands;
        subscribe();
    }

    @Override
    public void announce(Job job) {
        feeds.publish(job);
        commands.execute("PUBLISH", RedisKeys.EVENTS, write(job)).subscribe().with(receivers -> {
        }, failure -> LOG.warnf("Could not announce job %s of tenant %s to other replicas: %s", job.id(),
                job.tenantId(), failure.getClass().getSimpleName()));
    }

    void stop(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent event) {
        running = false;
        subscribing.cancel();
    }

    private void subscribe() {
        subscribing = pubsub.subscribe(RedisKeys.EVENTS, this::deliver, this::lost, failure -> lost())
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).indefinitely()
                .subscribe().with(subscriber -> {
                    subscribed.set(true);
                    feeds.refresh();
                });
    }

    private void lost() {
        if (subscribed.compareAndSet(true, false) && running) {
            LOG.warnf("Lost the %s subscription; subscribing again", RedisKeys.EVENTS);
            subscribe();
        }
    }

    private void deliver(String message) {
        try {
            feeds.publish(json.readValue(message, Job.class));
        } catch (JsonProcessingException e) {
            LOG.warnf("Ignored an unreadable message on %s", RedisKeys.EVENTS);
        }
    }

    private String write(Job job) {
        try {
            return json.writeValueAsString(job);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a job always serialises", e);
        }
    }
}
