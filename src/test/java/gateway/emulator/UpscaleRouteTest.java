package gateway.emulator;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static gateway.emulator.EmulatorCalls.decode;
import static gateway.emulator.EmulatorCalls.details;
import static gateway.emulator.EmulatorCalls.png;
import static gateway.emulator.EmulatorCalls.pollUntilCompleted;
import static gateway.emulator.EmulatorCalls.submit;
import static gateway.emulator.EmulatorCalls.upload;
import static gateway.emulator.EmulatorCalls.upscaleRequest;
import static gateway.emulator.EmulatorTestProfile.API_KEY;
import static gateway.emulator.EmulatorTestProfile.OTHER_API_KEY;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URL;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;

@QuarkusTest
@TestProfile(EmulatorTestProfile.class)
class UpscaleRouteTest {

    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final WireMockServer imageHost = new WireMockServer(options().dynamicPort());

    @TestHTTPResource("/emulator/cdn/sample.png")
    URL sample;

    @BeforeAll
    static void startImageHost() {
        imageHost.start();
    }

    @AfterAll
    static void stopImageHost() {
        imageHost.stop();
    }

    @BeforeEach
    void resetImageHost() {
        imageHost.resetAll();
    }

    @Test
    void rejectsAMissingOrUnknownApiKey() {
        given().contentType("application/json").body(upscaleRequest(sample.toString(), 2, null).encode())
                .post("/v2/images/upscale")
                .then().statusCode(401).body("error", equalTo("Invalid or missing API key"));
        submit("afk_not_a_key", upscaleRequest(sample.toString(), 2, null))
                .then().statusCode(401).body("error", equalTo("Invalid or missing API key"));
    }

    @Test
    void rejectsAStringScaleFactorWithItsPath() {
        Response response = submit(API_KEY, upscaleRequest(sample.toString(), "2", null));

        response.then().statusCode(400).body("error", equalTo("Validation failed"));
        assertThat(details(response)).containsOnlyKeys("clarityUpscaleParams.scale_factor");
        assertThat(details(response).get("clarityUpscaleParams.scale_factor")).containsExactly("Expected number, received string");
    }

    @Test
    void reportsEveryOffendingPathIncludingUnknownParams() {
        JsonObject request = upscaleRequest("ftp://example.com/a.png", 3, "gif");
        request.getJsonObject("clarityUpscaleParams").put("upscale_factor", 2).put("num_inference_steps", 101);
        request.put("model", "topaz-image-upscale").put("extra", true);

        Response response = submit(API_KEY, request);

        response.then().statusCode(400).body("error", equalTo("Validation failed"));
        assertThat(details(response)).containsOnlyKeys(
                "extra",
                "model",
                "clarityUpscaleParams.image",
                "clarityUpscaleParams.scale_factor",
                "clarityUpscaleParams.output_format",
                "clarityUpscaleParams.upscale_factor",
                "clarityUpscaleParams.num_inference_steps");
        assertThat(details(response).get("clarityUpscaleParams.upscale_factor")).containsExactly("Unrecognized key: 'upscale_factor'");
    }

    @Test
    void rejectsAnUnreachableImageBeforeCreatingAJob() {
        Response response = submit(API_KEY, upscaleRequest("http://127.0.0.1:1/nowhere.png", 2, null));

        response.then().statusCode(400).body("error", equalTo("Could not read the input image: could not connect to 127.0.0.1"));
        assertThat(details(response).get("clarityUpscaleParams.image")).containsExactly("could not connect to 127.0.0.1");
    }

    @Test
    void rejectsAnImageTheHostDoesNotServe() {
        imageHost.stubFor(get("/gone.png").willReturn(aResponse().withStatus(404)));

        submit(API_KEY, upscaleRequest(imageHost.url("/gone.png"), 2, null))
                .then().statusCode(400).body("error", equalTo("Could not read the input image: the image host answered HTTP 404"));
    }

    @Test
    void rejectsADownloadThatIsNotAnImage() {
        imageHost.stubFor(get("/page.png").willReturn(aResponse().withHeader("Content-Type", "image/png").withBody("<html></html>")));

        submit(API_KEY, upscaleRequest(imageHost.url("/page.png"), 2, null))
                .then().statusCode(400)
                .body("error", equalTo("Could not read the input image: it is not a PNG, JPEG, WebP or GIF image"));
    }

    @Test
    void rejectsAnOutputAboveThePixelLimit() {
        String url = upload(API_KEY, "wide.png", png(new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB)), "image/png")
                .then().statusCode(201).extract().path("url");

        Response response = submit(API_KEY, upscaleRequest(url, 8, null));

        response.then().statusCode(400).body("error", equalTo("Validation failed"));
        assertThat(details(response).get("clarityUpscaleParams.scale_factor"))
                .containsExactly("The output would be 3200x2400 (7680000 pixels), more than the limit of 1000000 pixels");
    }

    @ParameterizedTest(name = "{0} at {1}x")
    @CsvSource({"png, 2, image/png", "jpg, 4, image/jpeg", "webp, 8, image/webp"})
    void upscalesTheSampleToEachOutputFormat(String format, int scale, String contentType) {
        String jobId = submit(API_KEY, upscaleRequest(sample.toString(), scale, format))
                .then().statusCode(202).body("status", equalTo("QUEUED")).body("jobId", matchesPattern(UUID_PATTERN))
                .extract().path("jobId");

        List<JsonPath> seen = pollUntilCompleted(API_KEY, jobId);
        JsonPath done = seen.get(seen.size() - 1);
        assertThat(done.getString("model")).isEqualTo("clarity-upscale");
        assertThat(done.getInt("progress")).isEqualTo(100);
        assertThat(done.getInt("creditCost")).isEqualTo(3);
        assertThat(done.getString("completedAt")).isNotNull();
        assertThat(done.getBoolean("expired")).isFalse();
        assertThat(done.getString("input.output_format")).isEqualTo(format);
        assertThat(seen).extracting(job -> job.getString("status")).isSortedAccordingTo(
                (a, b) -> List.of("QUEUED", "PROCESSING", "COMPLETED").indexOf(a) - List.of("QUEUED", "PROCESSING", "COMPLETED").indexOf(b));
        assertThat(seen).extracting(job -> job.getInt("progress")).isSorted();

        String resultUrl = done.getString("result.images[0]");
        assertThat(resultUrl).isEqualTo(sample.toString().replace("sample.png", jobId + "." + format));
        byte[] result = given().get(resultUrl).then().statusCode(200).contentType(contentType).extract().asByteArray();
        BufferedImage image = decode(result, format);
        assertThat(image.getWidth()).isEqualTo(64 * scale);
        assertThat(image.getHeight()).isEqualTo(48 * scale);
    }

    @Test
    void fetchesAnInputImageOverHttp() throws IOException {
        byte[] sampleBytes = sample.openStream().readAllBytes();
        imageHost.stubFor(get("/photos/cat.png").willReturn(aResponse().withHeader("Content-Type", "image/png").withBody(sampleBytes)));

        String jobId = submit(API_KEY, upscaleRequest(imageHost.url("/photos/cat.png"), 1, "png"))
                .then().statusCode(202).extract().path("jobId");

        imageHost.verify(1, getRequestedFor(urlEqualTo("/photos/cat.png")));
        List<JsonPath> seen = pollUntilCompleted(API_KEY, jobId);
        byte[] result = given().get(seen.get(seen.size() - 1).getString("result.images[0]")).then().statusCode(200)
                .extract().asByteArray();
        assertThat(decode(result, "png").getWidth()).isEqualTo(64);
    }

    @Test
    void replaysAnIdempotencyKeyAndRejectsADifferentBody() {
        String key = "order-" + UUID.randomUUID();
        JsonObject request = upscaleRequest(sample.toString(), 2, "png");
        String jobId = submit(API_KEY, key, request).then().statusCode(202).extract().path("jobId");

        submit(API_KEY, key, request.copy()).then().statusCode(202).body("jobId", equalTo(jobId));
        submit(API_KEY, key, upscaleRequest(sample.toString(), 4, "png"))
                .then().statusCode(409).body("error", equalTo("Idempotency key reused with a different request body"));
        String otherKeysJob = submit(OTHER_API_KEY, key, request).then().statusCode(202).extract().path("jobId");
        assertThat(otherKeysJob).isNotEqualTo(jobId);
    }

    @Test
    void replaysWithTheOriginalJobsCurrentStatus() {
        String key = "order-" + UUID.randomUUID();
        JsonObject request = upscaleRequest(sample.toString(), 1, "jpg");
        String jobId = submit(API_KEY, key, request).then().statusCode(202).extract().path("jobId");
        pollUntilCompleted(API_KEY, jobId);

        submit(API_KEY, key, request).then().statusCode(202).body("jobId", equalTo(jobId)).body("status", equalTo("COMPLETED"));
    }

    @Test
    void rejectsAnIdempotencyKeyLongerThan255() {
        Response response = submit(API_KEY, "k".repeat(256), upscaleRequest(sample.toString(), 2, null));

        response.then().statusCode(400);
        assertThat(details(response)).containsOnlyKeys("Idempotency-Key");
    }

    @Test
    void rejectsABodyThatIsNotAJsonObject() {
        given().header("X-API-Key", API_KEY).contentType("application/json").body("[1, 2]").post("/v2/images/upscale")
                .then().statusCode(400).body("error", equalTo("Invalid JSON body"));
    }
}
