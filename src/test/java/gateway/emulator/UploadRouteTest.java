package gateway.emulator;

import static gateway.emulator.EmulatorCalls.upload;
import static gateway.emulator.EmulatorTestProfile.API_KEY;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@TestProfile(EmulatorTestProfile.class)
class UploadRouteTest {

    @TestHTTPResource("/emulator/cdn/sample.png")
    URL sample;

    @TestHTTPResource("/emulator/cdn/")
    URL cdn;

    @Test
    void storesAPngAndServesTheSameBytes() throws IOException {
        byte[] png = sample.openStream().readAllBytes();

        JsonPath uploaded = upload(API_KEY, "photo.bin", png, "application/octet-stream")
                .then().statusCode(201).extract().jsonPath();

        String id = uploaded.getString("id");
        assertThat(uploaded.getString("url")).isEqualTo(cdn + id + ".png");
        assertThat(uploaded.getString("kind")).isEqualTo("image");
        assertThat(uploaded.getString("contentType")).isEqualTo("image/png");
        assertThat(uploaded.getInt("byteSize")).isEqualTo(png.length);
        assertThat(Duration.between(Instant.now(), Instant.parse(uploaded.getString("expiresAt"))))
                .isBetween(Duration.ofMinutes(119), Duration.ofMinutes(121));
        byte[] served = given().get(uploaded.getString("url")).then().statusCode(200).contentType("image/png")
                .extract().asByteArray();
        assertThat(served).isEqualTo(png);
    }

    @Test
    void rejectsATextFileWhateverItsDeclaredType() {
        upload(API_KEY, "notes.png", "just some words".getBytes(StandardCharsets.UTF_8), "image/png")
                .then().statusCode(400).body("error", equalTo("Unsupported file type"));
    }

    @Test
    void requiresAPartNamedFile() {
        given().header("X-API-Key", API_KEY).multiPart("image", "a.png", new byte[] {1}, "image/png").post("/v2/uploads")
                .then().statusCode(400).body("error", equalTo("Validation failed")).body("details.file[0]", equalTo("Required"));
    }

    @Test
    void rejectsAWrongApiKey() {
        upload("afk_wrong", "a.png", new byte[] {1}, "image/png")
                .then().statusCode(401).body("error", equalTo("Invalid or missing API key"));
    }

    @Test
    void servesTheShippedSampleAndNothingUnknown() {
        given().get(sample).then().statusCode(200).contentType("image/png");
        given().get(cdn + "no-such-image.png").then().statusCode(404);
    }
}
