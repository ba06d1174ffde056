package gateway.emulator;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One accepted upscale job. {@code idempotencyKey}, {@code finishedAt} and {@code failure} are null until known;
 * a job is finished when its result is stored ({@code failure} null) or its upscale failed.
 */
record EmulatedJob(
        UUID id,
        String apiKey,
        String idempotencyKey,
        JsonObject request,
        ImageFormat outputFormat,
        Instant createdAt,
        Instant finishedAt,
        String failure) {

    static final String MODEL = "clarity-upscale";

    static EmulatedJob accepted(UpscaleSubmission submission, Instant now) {
        return new EmulatedJob(UUID.randomUUID(), submission.apiKey(), submission.idempotencyKey(), submission.request(),
                submission.outputFormat(), now, null, null);
    }

    EmulatedJob completed(Instant at) {
        return new EmulatedJob(id, apiKey, idempotencyKey, request, outputFormat, createdAt, at, null);
    }

    EmulatedJob failed(String reason, Instant at) {
        return new EmulatedJob(id, apiKey, idempotencyKey, request, outputFormat, createdAt, at, reason);
    }

    /** The result's file name on the emulator's CDN. */
    String resultName() {
        return id + "." + outputFormat.extension();
    }

    /** Apiframe's Job object; {@code expired} says the result has been purged from the CDN. */
    JsonObject toJson(JobState state, String resultUrl, boolean expired) {
        boolean completed = state.status() == JobStatus.COMPLETED;
        return new JsonObject()
                .put("id", id.toString())
                .put("status", state.status().name())
                .put("model", MODEL)
                .put("progress", state.progress())
                .put("result", completed ? new JsonObject().put("images", new JsonArray().add(resultUrl)) : null)
                .put("error", failure)
                .put("creditCost", state.creditCost())
                .put("webhookStatus", null)
                .put("createdAt", timestamp(createdAt))
                .put("completedAt", state.completedAt() == null ? null : timestamp(state.completedAt()))
                .put("expired", completed && expired)
                .put("input", request.getJsonObject("clarityUpscaleParams"));
    }

    static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
