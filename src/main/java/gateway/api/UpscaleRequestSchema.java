package gateway.api;

import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The JSON body of {@code POST /v1/upscales}, for the OpenAPI document only: requests are read field by field by
 * {@link UpscaleRequestReader}, which enforces exactly these rules.
 */
@Schema(name = "UpscaleRequest", additionalProperties = Schema.False.class)
record UpscaleRequestSchema(
        @Schema(required = true, format = "uri", maxLength = 2048, description = "absolute http(s) URL of the input")
        String image,
        @Schema(enumeration = { "1", "2", "4", "8" }, defaultValue = "2") Integer scale,
        @Schema(maxLength = 2000) String prompt,
        @Schema(maxLength = 2000) String negativePrompt,
        @Schema(minimum = "0", maximum = "1") Double creativity,
        @Schema(minimum = "0", maximum = "3") Double resemblance,
        @Schema(minimum = "1", maximum = "50") Double dynamic,
        @Schema(minimum = "1", maximum = "100") Integer steps,
        @Schema(minimum = "0", maximum = "10") Double sharpen,
        @Schema(format = "int64") Long seed,
        @Schema(enumeration = { "png", "jpg", "webp" }, defaultValue = "png") String format,
        @Schema(description = "at most 2 KiB serialized; stored and echoed, never sent upstream")
        Map<String, Object> metadata) {
}
