package gateway.job;

/**
 * A stored job whose stored form cannot be read: a data error about that one job (written by an incompatible
 * version, or damaged), not an outage of the store, so it is never reported as {@code store_unavailable}.
 */
public class UnreadableJobException extends RuntimeException {

    public UnreadableJobException(String tenantId, String jobId, Throwable cause) {
        super("Job " + jobId + " of tenant " + tenantId + " is stored in a form that cannot be read ("
                + cause.getClass().getSimpleName() + ")", null, false, false);
    }
}
