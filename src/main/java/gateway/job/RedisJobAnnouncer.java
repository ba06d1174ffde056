package gateway.job;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Typed;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Many replicas: each change is published once on the Redis channel {@code gw:events}, and each replica holds one
 * subscription that fans it out to its local feeds, so an SSE client on replica B follows a job polled by replica
 * A. The change is also handed to the local feeds at once; the copy coming back from Redis is then ignored, since a
 * feed only takes states newer than the one it has.
 */
@ApplicationScoped
@Typed(RedisJobAnnouncer.class) // chosen by gateway.store in gateway.StoreSelection
public class RedisJobAnnouncer implements JobAnnouncer {

    static final String CHANNEL = "gw:events";
    private static final Logger LOG = Logger.getLogger(RedisJobAnnouncer.class);

    private final JobFeeds feeds;
    private final ObjectMapper json;
    private final ReactivePubSubCommands<String> pubsub;
    private final Cancellable subscription;

    RedisJobAnnouncer(JobFeeds feeds, ObjectMapper json, ReactiveRedisDataSource redis) {
        this.feeds = feeds;
        this.json = json;
        this.pubsub = redis.pubsub(String.class);
        // one subscription per replica, resubscribed with backoff whenever Redis goes away and comes back
        this.subscription = pubsub.subscribe(CHANNEL)
                .onFailure().invoke(failure -> LOG.warnf("Lost the %s subscription (%s); resubscribing", CHANNEL,
                        failure.getClass().getSimpleName()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).indefinitely()
                .subscribe().with(this::deliver);
    }

    @Override
    public void announce(Job job) {
        feeds.publish(job);
        pubsub.publish(CHANNEL, write(job)).subscribe().with(receivers -> {
        }, failure -> LOG.warnf("Could not announce job %s of tenant %s to other replicas: %s", job.id(),
                job.tenantId(), failure.getClass().getSimpleName()));
    }

    void stop(@Observes ShutdownEvent event) {
        subscription.cancel();
    }

    private void deliver(String message) {
        try {
            feeds.publish(json.readValue(message, Job.class));
        } catch (JsonProcessingException e) {
            LOG.warnf("Ignored an unreadable message on %s", CHANNEL);
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
