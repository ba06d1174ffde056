package gateway.upstream;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The body of {@code POST /v2/images/upscale} for the {@code clarity-upscale} model; {@code webhookUrl} and
 * {@code webhookEvents} are left out unless the job's webhooks are asked for.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
record UpscaleSubmission(String model, ClarityUpscaleParams clarityUpscaleParams, String webhookUrl,
        List<String> webhookEvents) {

    static final String MODEL = "clarity-upscale";
    /** Every event Apiframe sends (each change of a running job, then its end), in the order it lists them. */
    static final List<String> WEBHOOK_EVENTS = List.of("progress", "completed", "failed");

    /** The submission, asking for every webhook of the job at {@code webhookUrl} unless that is null. */
    static UpscaleSubmission of(ClarityUpscaleParams parameters, String webhookUrl) {
        return new UpscaleSubmission(MODEL, parameters, webhookUrl, webhookUrl == null ? null : WEBHOOK_EVENTS);
    }
}
