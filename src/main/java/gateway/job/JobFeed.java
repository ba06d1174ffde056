package gateway.job;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * One job's hot stream of states, shared by everyone following it: the latest state is kept beside a broadcast
 * of each newer one. States only go forward: a state not newer (by {@code seq}) than the latest is ignored.
 */
final class JobFeed {

    private final String tenantId;
    private final BroadcastProcessor<Job> changes = BroadcastProcessor.create();
    private Job latest; // guarded by this
    private int followers; // guarded by the registry's map entry (JobFeeds computes on it)

    JobFeed(String tenantId) {
        this.tenantId = tenantId;
    }

    String tenantId() {
        return tenantId;
    }

    synchronized void publish(Job job) {
        if (job == null || (latest != null && job.seq() <= latest.seq())) {
            return;
        }
        latest = job;
        changes.onNext(job);
        if (job.isTerminal()) {
            changes.onComplete();
        }
    }

    /** The latest state at once, then each newer one, completing after the terminal state. */
    Multi<Job> stream() {
        return Multi.createFrom().emitter(emitter -> {
            synchronized (this) { // holds publish() off, so no state falls between the snapshot and the subscription
                emitter.emit(latest);
                if (latest.isTerminal()) {
                    emitter.complete();
                    return;
                }
                Cancellable subscription = changes.subscribe().with(emitter::emit, emitter::fail, emitter::complete);
                emitter.onTermination(subscription::cancel);
            }
        });
    }

    JobFeed attach() {
        followers++;
        return this;
    }

    /** Returns how many followers remain. */
    int detach() {
        return --followers;
    }
}
