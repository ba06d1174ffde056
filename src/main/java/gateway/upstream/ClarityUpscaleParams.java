package gateway.upstream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The parameters of a {@code clarity-upscale} job, under Apiframe's field names; fields left null are left out, so
 * Apiframe applies its own defaults.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record ClarityUpscaleParams(
        String image,
        String prompt,
        @JsonProperty("negative_prompt") String negativePrompt,
        @JsonProperty("scale_factor") Integer scaleFactor,
        Double creativity,
        Double resemblance,
        Double dynamic,
        @JsonProperty("num_inference_steps") Integer numInferenceSteps,
        Double sharpen,
        Long seed,
        @JsonProperty("output_format") String outputFormat) {
}
