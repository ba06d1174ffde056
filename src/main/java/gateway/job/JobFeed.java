package gateway.job;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

/**
 * One job's states, shared by everyone following it: the latest state is kept and each newer one is handed to every
 * follower. States only go forward: a state not newer (by {@code seq}) than the latest is ignored.
 * <p>
 * Publishing, joining and leaving are queued and run by one thread at a time (whichever finds the queue idle), with
 * no lock held while followers are told: a slow follower delays only this job's feed, and a publisher never waits for
 * another publisher's followers.
 */
final class JobFeed {

    private static final Logger LOG = Logger.getLogger(JobFeed.class);

    private final String tenantId;
    private final String jobId;
    // guarded by this; holds the job's changes and its followers' joins and leaves while one delivery runs
    private final ArrayDeque<Runnable> work = new ArrayDeque<>();
    private boolean delivering; // guarded by this
    // touched only by the task running now (the lock around the queue orders one task after the other)
    private final List<JobFollower> followers = new ArrayList<>();
    private JobChange latest;
    private int attached; // guarded by the registry's map entry (JobFeeds computes on it)

    JobFeed(String tenantId, String jobId) {
        this.tenantId = tenantId;
        this.jobId = jobId;
    }

    String tenantId() {
        return tenantId;
    }

    void publish(Job job) {
        if (job != null) {
            run(() -> deliver(job));
        }
    }

    /** The follower gets the latest state (if one is known yet) and then each newer one. */
    void join(JobFollower follower) {
        run(() -> {
            followers.add(follower);
            if (latest != null) {
                follower.onChange(latest);
            }
        });
    }

    void leave(JobFollower follower) {
        run(() -> followers.remove(follower));
    }

    JobFeed attach() {
        attached++;
        return this;
    }

    /** Returns how many attachments remain. */
    int detach() {
        return --attached;
    }

    private void deliver(Job job) {
        if (latest != null && job.seq() <= latest.job().seq()) {
            return;
        }
        latest = new JobChange(job);
        for (JobFollower follower : followers) { // one that leaves while told is removed by a later task
            follower.onChange(latest);
        }
    }

    private void run(Runnable task) {
        synchronized (this) {
            work.add(task);
            if (delivering) {
                return; // the thread delivering now runs it after what is already queued
            }
            delivering = true;
        }
        while (true) {
            Runnable next;
            synchronized (this) {
                next = work.poll();
                if (next == null) {
                    delivering = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                LOG.errorf(e, "A follower of job %s of tenant %s failed; the others are still told", jobId, tenantId);
            }
        }
    }
}
