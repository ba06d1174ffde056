package gateway.job;

/**
 * What became of a webhook sent in Apiframe's name, as {@code gateway_webhooks_received_total} counts it.
 */
public enum WebhookOutcome {
    /** Verified, and it moved the job. */
    ACCEPTED("accepted"),
    /** Verified, but it told nothing new: a replay, or news older than the job's state (a progress after its end). */
    STALE("stale"),
    /** No such tenant, or no such job of the tenant. */
    UNKNOWN_JOB("unknown_job"),
    /** No signature, or not the body's signature under the tenant's Apiframe key. */
    BAD_SIGNATURE("bad_signature"),
    /** Signed, but not a body of Apiframe's webhook shape. */
    MALFORMED("malformed"),
    /** Signed and well-formed, but about another Apiframe job than the one its path names. */
    WRONG_JOB("wrong_job");

    private final String label;

    WebhookOutcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether it was verified as Apiframe's: then it needs no retry, whether or not it moved the job. */
    public boolean isVerified() {
        return this == ACCEPTED || this == STALE;
    }
}
