package gateway.job;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Why a job failed: a machine code ({@code upstream_failed}, {@code timeout}, ...) and a human message. */
@RegisterForReflection // serialised by hand (SSE data, Redis, problem bodies), outside Quarkus REST's view
public record JobError(String code, String message) {

    public static final String UPSTREAM_FAILED = "upstream_failed";
    public static final String UPSTREAM_CANCELLED = "upstream_cancelled";
    public static final String UPSTREAM_ERROR = "upstream_error";
    public static final String TIMEOUT = "timeout";
}
