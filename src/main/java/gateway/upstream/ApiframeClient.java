package gateway.upstream;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

import com.fasterxml.jackson.core.JacksonException;

import gateway.config.GatewayConfig;
import gateway.metrics.GatewayMetrics;
import io.smallrye.mutiny.Uni;

/**
 * The one way into Apiframe. Sends the caller's Apiframe key as {@code X-API-Key} on every call, paces and guards
 * the calls, and turns every failure into an {@link UpstreamException}.
 */
@ApplicationScoped
public class ApiframeClient {

    private final ApiframeApi api;
    private final UpstreamGuard guard;
    private final UpstreamPacer pacer;
    private final Clock clock;
    private final GatewayMetrics metrics;
    private final GatewayConfig.Upstream upstream;
    private final Duration submitDeadline;

    ApiframeClient(@RestClient ApiframeApi api, UpstreamGuard guard, UpstreamPacer pacer,
            Clock clock, GatewayMetrics metrics, GatewayConfig config) {
        this.pacer = pacer;
        this.metrics = metrics;
        this.api = api;
        this.guard = guard;
        this.clock = clock;
        this.upstream = config.upstream();
        this.submitDeadline = upstream.submitDeadline();
    }

    /**
     * Submits a job and returns Apiframe's job id. Transient failures are retried until the {@code deadline} (the
     * request's arrival plus {@code gateway.upstream.submit-deadline}, so time spent queueing counts), every attempt
     * under the same upstream idempotency key, so a retry after a lost answer returns the job Apiframe already
     * created instead of charging a second one. With a {@code webhookUrl} (else null), Apiframe posts every change
     * of the job there.
     */
    public Uni<String> submit(String apiKey, ClarityUpscaleParams parameters, String idempotencyKey,
            String webhookUrl, Instant deadline) {
        UpscaleSubmission submission = UpscaleSubmission.of(parameters, webhookUrl);
        SubmissionRetries retries = new SubmissionRetries(clock, upstream.maxAttempts(), upstream.initialBackoff(),
                upstream.maxBackoff(), deadline, () -> metrics.upstreamRetry("submit"));
        return beforeDeadline(deadline, () -> retries.deadlinePassed(submitDeadline), () -> Uni.createFrom()
                .deferred(() -> pacer.awaitTurn(apiKey, deadline)
                        .chain(() -> api.submit(apiKey, idempotencyKey, submission)))
                .onItem().transform(ApiframeClient::acceptedJobId)
                .onFailure().transform(failure -> classify("submit", apiKey, failure))
                .onFailure(SubmissionRetries::isTransient).retry().when(retries::schedule));
    }

    /** Reads a job; when the key's budget is spent or Apiframe asked for a pause, fails at once saying how long. */
    public Uni<UpstreamJobState> fetchJob(String apiKey, String upstreamJobId) {
        Duration wait = pacer.turn(apiKey);
        if (!wait.isZero()) {
            return Uni.createFrom().failure(new UpstreamUnavailableException("Polls on this key are paced", wait));
        }
        return api.job(apiKey, upstreamJobId)
                .onItem().transform(UpstreamJobReader::read)
                .onFailure().transform(failure -> classify("poll", apiKey, failure));
    }

    /** Uploads an image file with {@code POST /v2/uploads} and returns the short-lived URL Apiframe serves it at. */
    public Uni<String> upload(String apiKey, Path file, String fileName, String contentType, Instant deadline) {
        ClientMultipartForm form = ClientMultipartForm.create()
                .binaryFileUpload("file", fileName, file.toString(), contentType);
        return beforeDeadline(deadline, () -> new UpstreamTimeoutException("Apiframe did not take the upload within "
                + submitDeadline), () -> pacer.awaitTurn(apiKey, deadline)
                .chain(() -> api.upload(apiKey, form))
                .onItem().transform(uploaded -> {
                    if (uploaded == null || uploaded.url() == null || uploaded.url().isBlank()) {
                        throw new UpstreamContractException("Apiframe accepted the upload without a URL");
                    }
                    return uploaded.url();
                })
                .onFailure().transform(failure -> classify("upload", apiKey, failure)));
    }

    /**
     * Runs the call through the guard, answering by the deadline even while it still waits in the bulkhead's queue;
     * a call let through only after its deadline fails there without reaching Apiframe.
     */
    private Uni<String> beforeDeadline(Instant deadline, Supplier<UpstreamException> late, Supplier<Uni<String>> call) {
        return guard.guard(() -> {
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                return Uni.createFrom().failure(late.get());
            }
            return call.get().ifNoItem().after(left).failWith(late);
        }).ifNoItem().after(untilAtLeastNow(deadline)).failWith(late);
    }

    private Duration untilAtLeastNow(Instant deadline) {
        Duration left = Duration.between(clock.instant(), deadline);
        return left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left;
    }

    private static String acceptedJobId(JobAccepted accepted) {
        if (accepted == null || accepted.jobId() == null || accepted.jobId().isBlank()) {
            throw new UpstreamContractException("Apiframe accepted the job without a jobId");
        }
        return accepted.jobId();
    }

    /**
     * Classifies a failure. A 429's {@code Retry-After} pauses the whole key; a failure that never got an
     * HTTP answer is counted here (answered calls are counted by {@link UpstreamMetricsFilter}).
     */
    private UpstreamException classify(String operation, String apiKey, Throwable failure) {
        UpstreamException classified = classify(failure);
        if (failure instanceof UpstreamUnavailableException unavailable && unavailable.isThrottled()) {
            unavailable.retryAfter().ifPresent(pause -> pacer.pause(apiKey, pause));
        } else if (!(failure instanceof UpstreamException) && !(classified instanceof UpstreamContractException)) {
            metrics.upstreamRequest(operation, classified instanceof UpstreamTimeoutException ? "timeout" : "io_error",
                    Duration.ZERO);
        }
        return classified;
    }

    /** Transport failures and unreadable bodies, named by kind; the cause's message is dropped as it may hold URLs. */
    static UpstreamException classify(Throwable failure) {
        if (failure instanceof UpstreamException known) {
            return known;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UpstreamException known) {
                return known;
            }
            if (cause instanceof JacksonException) {
                return new UpstreamContractException("Apiframe sent a body that is not the JSON its contract describes");
            }
            if (cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("Timeout")) {
                return new UpstreamTimeoutException("Apiframe did not answer in time");
            }
        }
        return new UpstreamUnavailableException("Apiframe could not be reached (" + failure.getClass().getSimpleName()
                + ")", null);
    }
}
