package gateway.emulator;

import java.net.URI;

import io.vertx.core.json.JsonObject;

/**
 * A valid {@code POST /v2/images/upscale}: who sent it, its optional Idempotency-Key (null when absent), the body
 * as sent, and the parameters the emulator acts on.
 */
record UpscaleSubmission(
        String apiKey,
        String idempotencyKey,
        JsonObject request,
        URI image,
        int scaleFactor,
        ImageFormat outputFormat) {

    /** Replicate's Clarity Upscaler, which Apiframe runs, defaults to 2x. */
    private static final int DEFAULT_SCALE_FACTOR = 2;
    private static final String DEFAULT_OUTPUT_FORMAT = "png";

    /** Reads a request that {@link ApiframeRules} found valid. */
    static UpscaleSubmission of(String apiKey, String idempotencyKey, JsonObject validRequest) {
        JsonObject params = validRequest.getJsonObject(ApiframeRules.PARAMS);
        Number scale = params.getNumber("scale_factor", DEFAULT_SCALE_FACTOR);
        return new UpscaleSubmission(apiKey, idempotencyKey, validRequest, URI.create(params.getString("image")),
                scale.intValue(), ImageFormat.ofOutputFormat(params.getString("output_format", DEFAULT_OUTPUT_FORMAT)));
    }
}
