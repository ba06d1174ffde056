package gateway.callback;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import gateway.job.JobCallback;
import gateway.job.JobStore;
import gateway.job.UnreadableJobException;
import io.smallrye.mutiny.Uni;

/** Writes how a delivery went into its job's {@code callback}, so a read of the job shows it. */
@ApplicationScoped
class CallbackStates {

    private static final Logger LOG = Logger.getLogger(CallbackStates.class);

    private final JobStore store;

    CallbackStates(JobStore store) {
        this.store = store;
    }

    /**
     * Records an attempt at delivering change {@code eventSeq}; nothing when a newer change replaced it or the job is
     * gone (evicted or expired: its delivery goes on from the queue all the same).
     */
    Uni<Void> record(String tenantId, String jobId, long eventSeq, JobCallback.Status status, int attempts,
            Instant at, String error) {
        return store.update(tenantId, jobId, job -> job.callback() == null ? job
                : job.withCallback(job.callback().attempted(eventSeq, status, attempts, at, error)))
                .onFailure(UnreadableJobException.class).recoverWithItem(unreadable -> {
                    LOG.errorf("Could not record a callback delivery: %s", unreadable.getMessage());
                    return null;
                })
                .replaceWithVoid();
    }
}
