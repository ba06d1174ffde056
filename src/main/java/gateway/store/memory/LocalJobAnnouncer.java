package gateway.store.memory;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import gateway.job.Job;
import gateway.job.JobAnnouncer;
import gateway.job.JobFeeds;

/** One replica: followers are all here, so a change goes straight to the local feeds. */
@ApplicationScoped
@Typed(LocalJobAnnouncer.class) // chosen by gateway.store in gateway.StoreSelection
public class LocalJobAnnouncer implements JobAnnouncer {

    private final JobFeeds feeds;

    LocalJobAnnouncer(JobFeeds feeds) {
        this.feeds = feeds;
    }

    @Override
    public void announce(Job job) {
        feeds.publish(job);
    }
}
