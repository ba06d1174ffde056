package gateway.upstream;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body of {@code POST /v2/images/upscale} for the {@code clarity-upscale} model. */
@RegisterForReflection
record UpscaleSubmission(String model, ClarityUpscaleParams clarityUpscaleParams) {

    static final String MODEL = "clarity-upscale";
}
