package gateway.api;

/** An event stream admitted by the resource, handed to {@link EventStreamWriter} to be opened on its response. */
record StreamRequest(String tenantId, String jobId, long lastEventId) {
}
