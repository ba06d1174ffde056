package gateway.api;

import static gateway.support.TestTenants.asAcme;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import gateway.support.SseClient;
import gateway.support.TestTenants;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Whole jobs through the embedded emulator, over HTTP like the real Apiframe, down to the upscaled pixels. */
@QuarkusTest
class EndToEndTest {

    private static final String INITECH_KEY = "initech-secret-key";

    @TestHTTPResource("/emulator/cdn/sample.png")
    String sampleUrl;

    @TestHTTPResource("/")
    String baseUrl;

    @Test
    void upscalesAnImageUrlAndStreamsProgressToCompletion() throws IOException {
        BufferedImage input = download(sampleUrl);
        String jobId = asAcme().contentType(ContentType.JSON)
                .body("{\"image\":\"" + sampleUrl + "\",\"scale\":2,\"format\":\"png\"}")
                .post("/v1/upscales").then().statusCode(202).extract().path("id");

        SseClient events = SseClient.open(baseUrl + "v1/upscales/" + jobId + "/events", TestTenants.ACME_KEY, null);
        await().atMost(Duration.ofSeconds(20)).until(events::hasEnded);

        List<SseClient.Event> received = events.events();
        assertThat(received).extracting(SseClient.Event::name).contains("processing").last().isEqualTo("completed");
        JsonPath done = new JsonPath(received.get(received.size() - 1).data());
        BufferedImage output = download(done.getString("result.images[0]"));
        assertThat(output.getWidth()).isEqualTo(input.getWidth() * 2);
        assertThat(output.getHeight()).isEqualTo(input.getHeight() * 2);
    }

    @Test
    void upscalesAnUploadedFile() throws IOException {
        byte[] sample = given().get(sampleUrl).then().statusCode(200).extract().asByteArray();
        BufferedImage input = ImageIO.read(new ByteArrayInputStream(sample));

        String jobId = asAcme().multiPart("file", "sample.png", sample, "image/png")
                .multiPart("scale", "4").multiPart("format", "jpg").multiPart("metadata", "{\"source\":\"upload\"}")
                .post("/v1/upscales").then().statusCode(202).extract().path("id");

        JsonPath done = await().atMost(Duration.ofSeconds(20)).until(
                () -> asAcme().get("/v1/upscales/" + jobId).then().extract().jsonPath(),
                job -> job.getString("status").equals("completed") || job.getString("status").equals("failed"));
        assertThat(done.getString("status")).isEqualTo("completed");
        assertThat(done.getString("metadata.source")).isEqualTo("upload");
        assertThat(done.getString("request.format")).isEqualTo("jpg");
        assertThat(done.getString("request.image")).contains("/emulator/cdn/");
        BufferedImage output = download(done.getString("result.images[0]"));
        assertThat(output.getWidth()).isEqualTo(input.getWidth() * 4);
        assertThat(output.getHeight()).isEqualTo(input.getHeight() * 4);
    }

    @Test
    void anUnreachableImageIsRejectedByTheUpstreamProbe() {
        asAcme().contentType(ContentType.JSON)
                .body("{\"image\":\"" + baseUrl + "emulator/cdn/missing.png\"}")
                .post("/v1/upscales").then().statusCode(422)
                .contentType("application/problem+json")
                .body("code", org.hamcrest.Matchers.equalTo("image_rejected"));
    }

    @Test
    void listsOnlyTheTenantsOwnJobsNewestFirstAcrossPages() {
        List<String> submitted = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            submitted.add(0, given().header("Authorization", "Bearer " + INITECH_KEY).contentType(ContentType.JSON)
                    .body("{\"image\":\"" + sampleUrl + "\",\"scale\":1}")
                    .post("/v1/upscales").then().statusCode(202).extract().path("id"));
        }

        JsonPath first = given().header("Authorization", "Bearer " + INITECH_KEY).queryParam("limit", 2)
                .get("/v1/upscales").then().statusCode(200).extract().jsonPath();
        JsonPath second = given().header("Authorization", "Bearer " + INITECH_KEY).queryParam("limit", 2)
                .queryParam("cursor", first.getString("nextCursor"))
                .get("/v1/upscales").then().statusCode(200).extract().jsonPath();

        assertThat(first.getList("items.id")).containsExactlyElementsOf(submitted.subList(0, 2));
        assertThat(second.getList("items.id")).containsExactlyElementsOf(submitted.subList(2, 3));
        assertThat(second.getString("nextCursor")).isNull();
        assertThat(asAcme().queryParam("limit", 100).get("/v1/upscales").then().extract().jsonPath()
                .getList("items.id")).doesNotContainAnyElementsOf(submitted);
    }

    private static BufferedImage download(String url) throws IOException {
        byte[] bytes = given().get(url).then().statusCode(200).extract().asByteArray();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        assertThat(image).as("a decodable image at " + url).isNotNull();
        return image;
    }
}
