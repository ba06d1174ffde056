package gateway.job;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The accepted upscale parameters, in the gateway's own field names, with {@code scale} and {@code format}
 * defaulted. Optional fields the caller omitted stay null and are omitted upstream too.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection // serialised by hand (SSE data, Redis, problem bodies), outside Quarkus REST's view
public record UpscaleParameters(
        String image,
        int scale,
        String prompt,
        String negativePrompt,
        Double creativity,
        Double resemblance,
        Double dynamic,
        Integer steps,
        Double sharpen,
        Long seed,
        String format) {

    public static final int DEFAULT_SCALE = 2;
    public static final String DEFAULT_FORMAT = "png";

    public UpscaleParameters withImage(String imageUrl) {
        return new UpscaleParameters(imageUrl, scale, prompt, negativePrompt, creativity, resemblance, dynamic, steps,
                sharpen, seed, format);
    }
}
