package gateway.callback;

/** How one delivery attempt went, and for a failed one what the job's {@code callback.lastError} says. */
record AttemptResult(Kind kind, String error) {

    enum Kind {
        /** A 2xx: the delivery is over. */
        DELIVERED,
        /** A 410: the receiver wants nothing more for this job. */
        GONE,
        /** Any other answer, a timeout or a connection failure: try again later. */
        RETRY
    }

    static AttemptResult of(int status) {
        if (status >= 200 && status < 300) {
            return new AttemptResult(Kind.DELIVERED, null);
        }
        if (status == 410) {
            return new AttemptResult(Kind.GONE, "answered 410 Gone: nothing more is sent for this job");
        }
        if (status >= 300 && status < 400) {
            return new AttemptResult(Kind.RETRY, "answered " + status + " (redirects are not followed)");
        }
        return new AttemptResult(Kind.RETRY, "answered " + status);
    }

    static AttemptResult failed(String error) {
        return new AttemptResult(Kind.RETRY, error);
    }
}
