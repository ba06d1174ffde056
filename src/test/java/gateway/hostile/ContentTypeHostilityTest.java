package gateway.hostile;

import static gateway.hostile.HostileAnswers.assertProblem;
import static gateway.hostile.HostileAnswers.submit;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import gateway.support.WireMockProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * A {@code Content-Type} that does not parse is a 400 naming the header; one that parses but is neither JSON nor
 * multipart is a 415. Never a 500, never a log trace, never a call to Apiframe.
 */
@QuarkusTest
@TestProfile(WireMockProfile.class)
class ContentTypeHostilityTest extends HostileSuite {

    private static final byte[] JSON_BODY = "{\"image\":\"https://images.example.com/cat.png\"}"
            .getBytes(StandardCharsets.UTF_8);

    static Stream<String> malformedTypes() {
        return Stream.of("/", "application/", "/json", "a/b/c", "=", ";;;", "json", "application/json, text/plain",
                "x".repeat(10 * 1024), "application/json; charset", "application /json", "\"application/json\"",
                "multipart/form-data; boundary=", "multipart/form-data; boundary=\"", "multipart/form-data",
                "multipart/form-data; boundary=\"\"", "multipart/form-data; boundary=" + "b".repeat(71),
                "multipart/form-data; boundary=\"ends in space \"", "multipart/form-data; boundary=a\"b");
    }

    @ParameterizedTest
    @MethodSource("malformedTypes")
    void aContentTypeThatDoesNotParseIs400NamingTheHeader(String contentType) {
        JsonPath problem = assertProblem(submit(gateway, contentType, JSON_BODY), 400, "invalid_request");

        assertThat(problem.getString("errors[0].field")).isEqualTo("Content-Type");
    }

    @ParameterizedTest
    @ValueSource(strings = { "text/plain", "application/xml", "application/octet-stream", "image/png",
            "multipart/mixed; boundary=XYZ", "application/x-www-form-urlencoded", "application/json-patch+json" })
    void aWellFormedTypeTheApiDoesNotTakeIs415(String contentType) {
        assertProblem(submit(gateway, contentType, JSON_BODY), 415, "unsupported_media_type");
    }
}
