package gateway.upstream;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

import com.fasterxml.jackson.core.JacksonException;

import gateway.GatewayConfig;
import gateway.job.UpscaleParameters;
import gateway.tenant.Tenant;
import io.smallrye.mutiny.Uni;

/**
 * The one way into Apiframe. Injects the tenant's own key as {@code X-API-Key} on every call, maps the gateway's
 * parameters to Apiframe's fields, and turns every failure into an {@link UpstreamException}.
 */
@ApplicationScoped
public class ApiframeClient {

    private final ApiframeApi api;
    private final UpstreamEndpoint endpoint;
    private final UpstreamGuard guard;
    private final Clock clock;
    private final GatewayConfig.Upstream upstream;
    private final Duration submitDeadline;

    ApiframeClient(@RestClient ApiframeApi api, UpstreamEndpoint endpoint, UpstreamGuard guard, Clock clock,
            GatewayConfig config) {
        this.api = api;
        this.endpoint = endpoint;
        this.guard = guard;
        this.clock = clock;
        this.upstream = config.upstream();
        this.submitDeadline = upstream.submitDeadline();
    }

    /**
     * Submits a job and returns Apiframe's job id. Transient failures are retried within
     * {@code gateway.upstream.submit-deadline}, every attempt under the same upstream idempotency key, so a retry
     * after a lost answer returns the job Apiframe already created instead of charging a second one.
     */
    public Uni<String> submit(Tenant tenant, UpscaleParameters parameters, String idempotencyKey) {
        UpscaleSubmission submission = toSubmission(parameters);
        SubmissionRetries retries = new SubmissionRetries(clock, upstream.maxAttempts(), upstream.initialBackoff(),
                upstream.maxBackoff(), clock.instant().plus(submitDeadline));
        return guard.guard(() -> Uni.createFrom().deferred(() -> api.submit(endpoint.baseUrl(), tenant.apiframeKey(),
                        idempotencyKey, submission))
                .onItem().transform(ApiframeClient::acceptedJobId)
                .onFailure().transform(ApiframeClient::classify)
                .onFailure(SubmissionRetries::isTransient).retry().when(retries::schedule)
                .ifNoItem().after(submitDeadline).failWith(() -> retries.deadlinePassed(submitDeadline)));
    }

    public Uni<UpstreamJobState> fetchJob(Tenant tenant, String upstreamJobId) {
        return api.job(endpoint.baseUrl(), tenant.apiframeKey(), upstreamJobId)
                .onItem().transform(UpstreamJobReader::read)
                .onFailure().transform(ApiframeClient::classify);
    }

    /** Uploads an image file with {@code POST /v2/uploads} and returns the short-lived URL Apiframe serves it at. */
    public Uni<String> upload(Tenant tenant, Path file, String fileName, String contentType) {
        ClientMultipartForm form = ClientMultipartForm.create()
                .binaryFileUpload("file", fileName, file.toString(), contentType);
        return guard.guard(() -> api.upload(endpoint.baseUrl(), tenant.apiframeKey(), form)
                .onItem().transform(uploaded -> {
                    if (uploaded == null || uploaded.url() == null || uploaded.url().isBlank()) {
                        throw new UpstreamContractException("Apiframe accepted the upload without a URL");
                    }
                    return uploaded.url();
                })
                .onFailure().transform(ApiframeClient::classify));
    }

    private static String acceptedJobId(JobAccepted accepted) {
        if (accepted == null || accepted.jobId() == null || accepted.jobId().isBlank()) {
            throw new UpstreamContractException("Apiframe accepted the job without a jobId");
        }
        return accepted.jobId();
    }

    private static UpscaleSubmission toSubmission(UpscaleParameters p) {
        return new UpscaleSubmission(UpscaleSubmission.MODEL, new UpscaleSubmission.ClarityUpscaleParams(
                p.image(), p.prompt(), p.negativePrompt(), p.scale(), p.creativity(), p.resemblance(), p.dynamic(),
                p.steps(), p.sharpen(), p.seed(), p.format()));
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
