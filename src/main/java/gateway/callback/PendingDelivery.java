package gateway.callback;

/**
 * One change of a job to deliver: its body is fixed when it is queued, so every retry sends the same bytes under the
 * same {@link #eventId()}.
 *
 * @param eventSeq the job's {@code seq} at the change
 */
public record PendingDelivery(String tenantId, String jobId, long eventSeq, String url, String body) {

    /** The {@code webhook-id}: the same on every attempt, different for every change. */
    public String eventId() {
        return jobId + "." + eventSeq;
    }
}
