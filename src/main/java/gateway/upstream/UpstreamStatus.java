package gateway.upstream;

/** Apiframe's job statuses. */
public enum UpstreamStatus {
    QUEUED, PROCESSING, COMPLETED, FAILED, CANCELLED
}
