package gateway.job;

/** The job a submission resulted in, and whether it is an earlier job replayed for the same Idempotency-Key. */
public record Submission(Job job, boolean replayed) {
}
