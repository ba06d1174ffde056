package gateway.job;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/**
 * The registry of job feeds: whoever learns a job's new state publishes it here, and any number of followers
 * share one feed per job. Following costs the upstream nothing: polling is driven by {@link JobWatcher}.
 */
@ApplicationScoped
public class JobFeeds {

    // a feed lives only while someone follows its job and leaves with its last follower: bounded by open streams
    // and waiting submissions
    private final ConcurrentHashMap<String, JobFeed> feeds = new ConcurrentHashMap<>();
    private final JobStore store;

    JobFeeds(JobStore store) {
        this.store = store;
    }

    public void publish(Job job) {
        JobFeed feed = feeds.get(job.id());
        if (feed != null) {
            feed.publish(job);
        }
    }

    /** Reads every followed job from the store again, for changes this replica may have missed. */
    public void refresh() {
        feeds.forEach((jobId, feed) -> store.find(feed.tenantId(), jobId).subscribe().with(feed::publish,
                failure -> {
                    // the next change, or the next refresh, brings it
                }));
    }

    /**
     * Tells the follower the tenant's job as it is now and then each change; returns what stops following. The
     * follower ends by itself after the terminal state if it wants to; it stays attached until stopped.
     */
    public Runnable follow(String tenantId, String jobId, JobFollower follower) {
        JobFeed feed = feeds.compute(jobId, (id, existing) -> (existing == null ? new JobFeed(tenantId, jobId)
                : existing).attach());
        feed.join(follower);
        // read only after joining: a change stored before this read is in it, one stored after reaches the feed
        store.find(tenantId, jobId).subscribe().with(feed::publish, failure -> {
            // the follower waits for the next change (or refresh); its job was found before it came here
        });
        return () -> {
            feed.leave(follower);
            feeds.computeIfPresent(jobId, (id, existing) -> existing == feed && feed.detach() == 0 ? null : existing);
        };
    }

    /** The job once it is terminal, or as it is after {@code atMost}; holds no thread while it waits. */
    public Uni<Job> awaitTerminal(String tenantId, String jobId, Duration atMost) {
        return Uni.createFrom().<Job>emitter(emitter -> {
            Runnable stop = follow(tenantId, jobId, change -> {
                if (change.job().isTerminal()) {
                    emitter.complete(change.job());
                }
            });
            emitter.onTermination(stop);
        }).ifNoItem().after(atMost).recoverWithUni(() -> store.find(tenantId, jobId));
    }
}
