package gateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

class ApiframeRulesTest {

    private final ApiframeRules validator = new ApiframeRules();

    @Test
    void acceptsEveryParameterOfTheSchema() {
        JsonObject params = new JsonObject()
                .put("image", "https://cdn.example.com/in.png")
                .put("prompt", "a cat")
                .put("negative_prompt", "blur")
                .put("scale_factor", 4.0)
                .put("creativity", 0.35)
                .put("resemblance", 3)
                .put("dynamic", 6)
                .put("num_inference_steps", 18)
                .put("sharpen", 0)
                .put("output_format", "webp")
                .put("seed", 1337);
        JsonObject request = new JsonObject().put("model", "clarity-upscale").put("clarityUpscaleParams", params)
                .put("webhookUrl", "https://hooks.example.com/apiframe").put("webhookEvents", new JsonArray().add("completed"));

        assertThat(validator.validate(request)).isEmpty();
    }

    @Test
    void reportsTypesRangesAndIntegersPerPath() {
        JsonObject params = new JsonObject()
                .put("image", "/relative.png")
                .put("creativity", 1.5)
                .put("num_inference_steps", 2.5)
                .put("prompt", "x".repeat(2001))
                .put("seed", "42");
        JsonObject request = new JsonObject().put("model", "clarity-upscale").put("clarityUpscaleParams", params)
                .put("webhookEvents", new JsonArray());

        assertThat(validator.validate(request)).containsOnly(
                entry("clarityUpscaleParams.image", List.of("Invalid url: expected an absolute http or https URL")),
                entry("clarityUpscaleParams.creativity", List.of("Number must be less than or equal to 1")),
                entry("clarityUpscaleParams.num_inference_steps", List.of("Expected integer, received float")),
                entry("clarityUpscaleParams.prompt", List.of("String must contain at most 2000 character(s)")),
                entry("clarityUpscaleParams.seed", List.of("Expected number, received string")),
                entry("webhookEvents", List.of("Array must contain at least 1 element(s)")));
    }

    @Test
    void requiresTheModelAndTheImage() {
        assertThat(validator.validate(new JsonObject().put("clarityUpscaleParams", new JsonObject().putNull("scale_factor"))))
                .containsOnly(
                        entry("model", List.of("Required")),
                        entry("clarityUpscaleParams.scale_factor", List.of("Expected number, received null")),
                        entry("clarityUpscaleParams.image", List.of("Required")));
    }

    @Test
    void namesTheValuesAnEnumALiteralOrAUnionAllows() {
        JsonObject params = new JsonObject()
                .put("image", "ftp://example.com/a.png")
                .put("scale_factor", 3)
                .put("output_format", "gif");
        JsonObject request = new JsonObject().put("model", "topaz-image-upscale").put("clarityUpscaleParams", params)
                .put("webhookEvents", new JsonArray().add("completed").add(7));

        assertThat(validator.validate(request)).containsOnly(
                entry("model", List.of("Invalid literal value, expected \"clarity-upscale\"")),
                entry("clarityUpscaleParams.image", List.of("Invalid url: expected an absolute http or https URL")),
                entry("clarityUpscaleParams.scale_factor", List.of("Invalid input: expected 1, 2, 4 or 8, received 3")),
                entry("clarityUpscaleParams.output_format",
                        List.of("Invalid enum value. Expected 'png' | 'jpg' | 'webp', received 'gif'")),
                entry("webhookEvents.1",
                        List.of("Invalid enum value. Expected 'progress' | 'completed' | 'failed', received number")));
    }

    @Test
    void checksTheIdempotencyKeyAndTheJobIdAgainstTheirParameters() {
        assertThat(validator.validateIdempotencyKey("k".repeat(255))).isEmpty();
        assertThat(validator.validateIdempotencyKey(null)).isEmpty();
        assertThat(validator.validateIdempotencyKey("k".repeat(256)))
                .containsOnly(entry("Idempotency-Key", List.of("String must contain at most 255 character(s)")));
        assertThat(validator.isJobId("6f1d3c2a-9b8e-4f7d-a6c5-0e1f2a3b4c5d")).isTrue();
        assertThat(validator.isJobId("job-42")).isFalse();
    }
}
