package gateway.api;

import java.time.Duration;
import java.util.List;

/**
 * A request the gateway answers with a problem: one subclass per problem {@code code}, turned into
 * {@code application/problem+json} by {@link ProblemMapper}. No stack trace is captured.
 */
public abstract class ProblemException extends RuntimeException {

    private final int status;
    private final String code;
    private final String title;

    protected ProblemException(int status, String code, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public List<FieldError> fieldErrors() {
        return null;
    }

    /** How long the caller should wait before trying again, for problems that say so. */
    public Duration retryAfter() {
        return null;
    }
}
