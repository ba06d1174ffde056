package gateway.upstream;

/** A webhook Apiframe sent: the Apiframe job it is about, and that job's state as it reports it. */
public record ApiframeWebhook(String jobId, UpstreamJobState state) {
}
