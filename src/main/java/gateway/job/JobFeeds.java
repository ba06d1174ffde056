package gateway.job;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The registry of job feeds: whoever learns a job's new state publishes it here, and any number of followers
 * share one feed per job. Following costs the upstream nothing: polling is driven by {@link JobWatcher}.
 */
@ApplicationScoped
public class JobFeeds {

    // a feed lives only while someone follows its job and leaves with its last follower: bounded by open streams
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

    /** The tenant's job as it changes: its current state at once, then each change, ending after the terminal one. */
    public Multi<Job> follow(String tenantId, String jobId) {
        return Multi.createFrom().deferred(() -> {
            JobFeed feed = feeds.compute(jobId, (id, existing) -> (existing == null ? new JobFeed(tenantId) : existing)
                    .attach());
            // read only after attaching: a change stored before this read is in it, one stored after reaches the feed
            return Multi.createFrom().uni(store.find(tenantId, jobId))
                    .onItem().transformToMultiAndConcatenate(current -> {
                        feed.publish(current);
                        return feed.stream();
                    })
                    .onTermination().invoke(() -> detach(jobId, feed));
        });
    }

    /** The job once it is terminal, or as it is after {@code atMost}; holds no thread while it waits. */
    public Uni<Job> awaitTerminal(String tenantId, String jobId, Duration atMost) {
        return follow(tenantId, jobId)
                .select().where(Job::isTerminal)
                .toUni()
                .ifNoItem().after(atMost).recoverWithUni(() -> store.find(tenantId, jobId));
    }

    private void detach(String jobId, JobFeed feed) {
        feeds.computeIfPresent(jobId, (id, existing) -> existing == feed && feed.detach() == 0 ? null : existing);
    }
}
