package gateway.upstream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body of {@code POST /v2/images/upscale} for the {@code clarity-upscale} model. */
@RegisterForReflection
record UpscaleSubmission(String model, ClarityUpscaleParams clarityUpscaleParams) {

    static final String MODEL = "clarity-upscale";

    /** Apiframe's field names; fields the caller omitted are left out so Apiframe applies its own defaults. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    record ClarityUpscaleParams(
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
}
