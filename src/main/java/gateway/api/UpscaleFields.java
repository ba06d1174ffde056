package gateway.api;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import gateway.callback.CallbackTargets;
import gateway.job.JobStatus;
import gateway.job.UpscaleParameters;

/**
 * The fields of an upscale request and their rules, in one table: {@link UpscaleRequestReader} enforces it and
 * {@link UpscaleRequestSchema} describes it in the OpenAPI document.
 */
final class UpscaleFields {

    static final FieldRule IMAGE = FieldRule.url("image", 2048).asRequired()
            .described("absolute http(s) URL of the input");
    static final FieldRule SCALE = FieldRule.integer("scale", 1, 8).oneOf(1, 2, 4, 8)
            .byDefault(UpscaleParameters.DEFAULT_SCALE);
    static final FieldRule PROMPT = FieldRule.text("prompt", 2000);
    static final FieldRule NEGATIVE_PROMPT = FieldRule.text("negativePrompt", 2000);
    static final FieldRule CREATIVITY = FieldRule.number("creativity", 0, 1);
    static final FieldRule RESEMBLANCE = FieldRule.number("resemblance", 0, 3);
    static final FieldRule DYNAMIC = FieldRule.number("dynamic", 1, 50);
    static final FieldRule STEPS = FieldRule.integer("steps", 1, 100);
    static final FieldRule SHARPEN = FieldRule.number("sharpen", 0, 10);
    static final FieldRule SEED = FieldRule.int64("seed");
    static final FieldRule FORMAT = FieldRule.text("format", 10).oneOf("png", "jpg", "webp")
            .byDefault(UpscaleParameters.DEFAULT_FORMAT);
    static final FieldRule METADATA = FieldRule.object("metadata", 2048)
            .described("stored and echoed, never sent upstream");
    static final FieldRule CALLBACK_URL = FieldRule.url("callbackUrl", CallbackTargets.MAX_URL_LENGTH)
            .described("where the job's changes are POSTed, signed (Standard Webhooks); absolute http(s), no user "
                    + "info, a host the tenant's callback-hosts allows; absent: the tenant's callback-url, if any");
    static final FieldRule CALLBACK_EVENTS = FieldRule.set("callbackEvents",
            Stream.of(JobStatus.values()).map(JobStatus::wireName).toArray())
            .described("the statuses whose changes are delivered; absent: completed and failed");

    /** Every field, in the order the OpenAPI document lists them. */
    static final List<FieldRule> ALL = List.of(IMAGE, SCALE, PROMPT, NEGATIVE_PROMPT, CREATIVITY, RESEMBLANCE,
            DYNAMIC, STEPS, SHARPEN, SEED, FORMAT, METADATA, CALLBACK_URL, CALLBACK_EVENTS);

    private UpscaleFields() {
    }

    static Optional<FieldRule> named(String name) {
        return ALL.stream().filter(rule -> rule.name().equals(name)).findFirst();
    }
}
