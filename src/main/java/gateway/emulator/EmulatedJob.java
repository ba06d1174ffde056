package gateway.emulator;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One accepted upscale job. {@code idempotencyKey}, {@code finishedAt} and {@code failure} are null until known;
 * a job is finished when its result is stored ({@code failure} null) or its upscale failed. {@code webhookStatus}
 * is null for a job submitted without a {@code webhookUrl}.
 */
record EmulatedJob(
        UUID id,
        String apiKey,
        String idempotencyKey,
        JsonObject request,
        ImageFormat outputFormat,
        Instant createdAt,
        Instant finishedAt,
        String failure,
        WebhookStatus webhookStatus) {

    static final String MODEL = "clarity-upscale";

    static EmulatedJob accepted(UpscaleSubmission submission, Instant now) {
        WebhookStatus webhookStatus = WebhookSubscription.of(submission.request()).isPresent() ? WebhookStatus.PENDING : null;
        return new EmulatedJob(UUID.randomUUID(), submission.apiKey(), submission.idempotencyKey(), submission.request(),
                submission.outputFormat(), now, null, null, webhookStatus);
    }

    EmulatedJob completed(Instant at) {
        return new EmulatedJob(id, apiKey, idempotencyKey, request, outputFormat, createdAt, at, null, webhookStatus);
    }

    EmulatedJob failed(String reason, Instant at) {
        return new EmulatedJob(id, apiKey, idempotencyKey, request, outputFormat, createdAt, at, reason, webhookStatus);
    }

    EmulatedJob withWebhookStatus(WebhookStatus status) {
        return new EmulatedJob(id, apiKey, idempotencyKey, request, outputFormat, createdAt, finishedAt, failure, status);
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
                .put("webhookStatus", webhookStatus == null ? null : webhookStatus.wireName())
                .put("createdAt", timestamp(createdAt))
                .put("completedAt", state.completedAt() == null ? null : timestamp(state.completedAt()))
                .put("expired", completed && expired)
                .put("input", request.getJsonObject("clarityUpscaleParams"));
    }

    /**
     * Apiframe's webhook body for {@code event}: the Job's fields as {@link #toJson} shows them at {@code state},
     * {@code id} named {@code jobId}, and the optional ones left out when null.
     */
    JsonObject toWebhookJson(WebhookEvent event, JobState state, String resultUrl) {
        JsonObject job = toJson(state, resultUrl, false);
        JsonObject body = new JsonObject()
                .put("event", event.wireName())
                .put("jobId", job.getValue("id"))
                .put("status", job.getValue("status"));
        copyUnlessNull(job, body, "progress", "result", "error");
        body.put("model", job.getValue("model"));
        copyUnlessNull(job, body, "creditCost", "completedAt");
        return body;
    }

    static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static void copyUnlessNull(JsonObject from, JsonObject to, String... fields) {
        for (String field : fields) {
            if (from.getValue(field) != null) {
                to.put(field, from.getValue(field));
            }
        }
    }
}
