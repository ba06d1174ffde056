package gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import gateway.api.UpscaleRequestReader.UpscaleRequest;
import gateway.job.UpscaleParameters;

/** The field rules as the reader enforces them: each bound, each message, and the order a 400 lists them in. */
class UpscaleRequestReaderTest {

    private static final String IMAGE = "\"image\":\"https://example.com/a.png\"";

    private final UpscaleRequestReader reader = new UpscaleRequestReader(new ObjectMapper());

    @Test
    void fillsInTheDefaultsAndLeavesOutWhatWasNotSent() {
        UpscaleRequest request = reader.readJson(("{" + IMAGE + "}").getBytes());

        assertThat(request.parameters()).isEqualTo(new UpscaleParameters("https://example.com/a.png", 2, null, null,
                null, null, null, null, null, null, "png"));
        assertThat(request.metadata()).isNull();
    }

    @Test
    void takesEveryFieldAtItsBounds() {
        UpscaleRequest request = reader.readJson(("{" + IMAGE + ",\"scale\":8,\"prompt\":\"" + "p".repeat(2000)
                + "\",\"negativePrompt\":\"n\",\"creativity\":1,\"resemblance\":0,\"dynamic\":50,\"steps\":1,"
                + "\"sharpen\":10,\"seed\":-9223372036854775808,\"format\":\"webp\",\"metadata\":{\"order\":7}}")
                .getBytes());

        assertThat(request.parameters()).isEqualTo(new UpscaleParameters("https://example.com/a.png", 8,
                "p".repeat(2000), "n", 1.0, 0.0, 50.0, 1, 10.0, Long.MIN_VALUE, "webp"));
        assertThat(request.metadata()).isEqualTo(Map.of("order", 7));
    }

    @Test
    void saysWhatIsWrongWithEachFieldInOrder() {
        String body = "{\"colour\":\"red\",\"scale\":3,\"format\":\"gif\",\"prompt\":\"" + "p".repeat(2001)
                + "\",\"negativePrompt\":7,\"creativity\":1.5,\"resemblance\":-0.1,\"dynamic\":0.5,\"steps\":101,"
                + "\"sharpen\":\"high\",\"seed\":1.5,\"metadata\":[1]}";

        assertThat(errors(body)).containsExactly(
                tuple("colour", "is not a known field"),
                tuple("image", "is required"),
                tuple("scale", "must be 1, 2, 4 or 8"),
                tuple("format", "must be png, jpg or webp"),
                tuple("prompt", "must be at most 2000 characters"),
                tuple("negativePrompt", "must be a string"),
                tuple("creativity", "must be between 0 and 1"),
                tuple("resemblance", "must be between 0 and 3"),
                tuple("dynamic", "must be between 1 and 50"),
                tuple("steps", "must be between 1 and 100"),
                tuple("sharpen", "must be a number"),
                tuple("seed", "must be an integer"),
                tuple("metadata", "must be a JSON object"));
    }

    @Test
    void checksARangeBeforeTheValuesAllowedInIt() {
        assertThat(errors("{" + IMAGE + ",\"scale\":16,\"format\":\"" + "x".repeat(11) + "\"}")).containsExactly(
                tuple("scale", "must be between 1 and 8"),
                tuple("format", "must be at most 10 characters"));
    }

    @Test
    void boundsTheImageUrlAndTheMetadata() {
        String longUrl = "https://example.com/" + "a".repeat(2030);
        String bigMetadata = "{\"notes\":\"" + "m".repeat(2040) + "\"}";

        assertThat(errors("{\"image\":\"" + longUrl + "\",\"metadata\":" + bigMetadata + "}")).containsExactly(
                tuple("image", "must be at most 2048 characters"),
                tuple("metadata", "must be at most 2 KiB when serialized"));
        assertThat(errors("{\"image\":\"/relative.png\"}"))
                .containsExactly(tuple("image", "must be an absolute http or https URL"));
    }

    @Test
    void readsFormFieldsAsTheTypesTheirFieldsTake() {
        UpscaleRequest request = reader.readForm(Map.of("scale", "4", "creativity", "0.25", "prompt", "42",
                "metadata", "{\"order\":\"A-1\"}"));

        assertThat(request.parameters().scale()).isEqualTo(4);
        assertThat(request.parameters().creativity()).isEqualTo(0.25);
        assertThat(request.parameters().prompt()).isEqualTo("42");
        assertThat(request.metadata()).isEqualTo(Map.of("order", "A-1"));
        assertThat(formErrors(Map.of("image", "https://example.com/a.png", "steps", "many"))).containsExactly(
                tuple("image", "cannot be combined with a file upload: send one or the other"),
                tuple("steps", "must be an integer"));
    }

    private List<org.assertj.core.groups.Tuple> errors(String body) {
        return fieldErrors(() -> reader.readJson(body.getBytes()));
    }

    private List<org.assertj.core.groups.Tuple> formErrors(Map<String, String> fields) {
        return fieldErrors(() -> reader.readForm(fields));
    }

    private static List<org.assertj.core.groups.Tuple> fieldErrors(Runnable read) {
        InvalidRequestException[] thrown = new InvalidRequestException[1];
        assertThatThrownBy(read::run).isInstanceOfSatisfying(InvalidRequestException.class, e -> thrown[0] = e);
        return thrown[0].fieldErrors().stream().map(error -> tuple(error.field(), error.message())).toList();
    }
}
