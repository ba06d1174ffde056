package gateway.emulator;

import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/**
 * {@code POST /v2/images/upscale}: validate, replay an Idempotency-Key, probe the input image, accept the job and
 * start its upscale in the background.
 */
@ApplicationScoped
class UpscaleSubmissions {

    private static final Logger LOG = Logger.getLogger(UpscaleSubmissions.class);

    private final ApiframeRules rules;
    private final InputImageProbe probe;
    private final ImageUpscaler upscaler;
    private final ImageCodec codec;
    private final ImageStore store;
    private final EmulatedJobs jobs;
    private final ImageWorkers workers;
    private final EmulatedWebhooks webhooks;

    UpscaleSubmissions(ApiframeRules rules, InputImageProbe probe, ImageUpscaler upscaler, ImageCodec codec,
            ImageStore store, EmulatedJobs jobs, ImageWorkers workers, EmulatedWebhooks webhooks) {
        this.rules = rules;
        this.probe = probe;
        this.upscaler = upscaler;
        this.codec = codec;
        this.store = store;
        this.jobs = jobs;
        this.workers = workers;
        this.webhooks = webhooks;
    }

    /**
     * The reply to send; a refused request is a failure carrying {@link RequestRejected}. {@code cdnBase} is where
     * the caller reaches the emulator's CDN, for the result URL in the job's webhooks.
     */
    Uni<Reply> submit(String apiKey, String idempotencyKey, Buffer body, String cdnBase) {
        return Uni.createFrom().item(() -> parse(apiKey, idempotencyKey, body))
                .flatMap(submission -> jobs.findByIdempotencyKey(apiKey, idempotencyKey, Instant.now())
                        .map(original -> Uni.createFrom().item(replay(original, submission)))
                        .orElseGet(() -> workers.run(() -> probe.read(submission))
                                .map(image -> accept(submission, image, cdnBase))));
    }

    private UpscaleSubmission parse(String apiKey, String idempotencyKey, Buffer body) {
        JsonObject request = json(body);
        Map<String, List<String>> problems = rules.validate(request);
        problems.putAll(rules.validateIdempotencyKey(idempotencyKey));
        if (!problems.isEmpty()) {
            throw new RequestRejected(Reply.validationFailed(problems));
        }
        return UpscaleSubmission.of(apiKey, idempotencyKey, request);
    }

    private static JsonObject json(Buffer body) {
        try {
            if (body != null && Json.decodeValue(body) instanceof JsonObject request) {
                return request;
            }
        } catch (DecodeException e) {
            // answered below, like a body that is valid JSON but not an object
        }
        throw new RequestRejected(Reply.error(400, "Invalid JSON body"));
    }

    private Reply accept(UpscaleSubmission submission, BufferedImage image, String cdnBase) {
        Instant now = Instant.now();
        EmulatedJob candidate = EmulatedJob.accepted(submission, now);
        EmulatedJob job = jobs.register(candidate, now);
        if (!job.id().equals(candidate.id())) {
            // Another request with the same Idempotency-Key won the race while this one was probing.
            return replay(job, submission);
        }
        webhooks.follow(job, cdnBase + job.resultName());
        upscaleInBackground(job, submission, image);
        return accepted(job, JobStatus.QUEUED);
    }

    private void upscaleInBackground(EmulatedJob job, UpscaleSubmission submission, BufferedImage image) {
        ImageFormat format = submission.outputFormat();
        workers.run(() -> codec.encode(upscaler.upscale(image, submission.scaleFactor(), format.hasAlpha()), format))
                .subscribe().with(
                        bytes -> {
                            Instant now = Instant.now();
                            store.put(job.resultName(), new StoredImage(bytes, format, now.plus(EmulatedJobs.RETENTION)), now);
                            jobs.complete(job.id(), now);
                            webhooks.upscaleEnded(job.id());
                        },
                        failure -> {
                            LOG.warnf(failure, "Emulated upscale of job %s failed", job.id());
                            jobs.fail(job.id(), "Upscale failed: " + failure.getMessage(), Instant.now());
                            webhooks.upscaleEnded(job.id());
                        });
    }

    /** The original job for a replayed Idempotency-Key, or a 409 when the body differs from the original's. */
    private Reply replay(EmulatedJob original, UpscaleSubmission submission) {
        if (!original.request().equals(submission.request())) {
            return Reply.error(409, "Idempotency key reused with a different request body");
        }
        return accepted(original, jobs.stateOf(original, Instant.now()).status());
    }

    private static Reply accepted(EmulatedJob job, JobStatus status) {
        return new Reply(202, new JsonObject().put("jobId", job.id().toString()).put("status", status.name()));
    }
}
