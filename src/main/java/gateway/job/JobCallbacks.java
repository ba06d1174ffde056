package gateway.job;

import io.smallrye.mutiny.Uni;

/**
 * Delivers a job's changes to its callback URL (the callback package does); the job package says when: right after
 * storing a change the callback is pending for, before the change is announced.
 */
public interface JobCallbacks {

    /**
     * Queues the delivery of the change the job's callback is pending for. Queuing the same change again (a repeated
     * poll, a takeover) queues nothing new; a failure means it was not queued, and the caller tries again.
     */
    Uni<Void> deliver(Job job);
}
