package gateway.emulator;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;

/** The HTTP calls the emulator tests make, as the gateway would make them. */
final class EmulatorCalls {

    private EmulatorCalls() {
    }

    static JsonObject upscaleRequest(String imageUrl, Object scaleFactor, String outputFormat) {
        JsonObject params = new JsonObject().put("image", imageUrl).put("scale_factor", scaleFactor);
        if (outputFormat != null) {
            params.put("output_format", outputFormat);
        }
        return new JsonObject().put("model", "clarity-upscale").put("clarityUpscaleParams", params);
    }

    static Response submit(String apiKey, JsonObject request) {
        return given().header("X-API-Key", apiKey).contentType(ContentType.JSON).body(request.encode())
                .post("/v2/images/upscale");
    }

    static Response submit(String apiKey, String idempotencyKey, JsonObject request) {
        return given().header("X-API-Key", apiKey).header("Idempotency-Key", idempotencyKey)
                .contentType(ContentType.JSON).body(request.encode())
                .post("/v2/images/upscale");
    }

    static Response job(String apiKey, String jobId) {
        return given().header("X-API-Key", apiKey).get("/v2/jobs/{id}", jobId);
    }

    /** Polls like the SDK until the job is COMPLETED; returns every Job seen, in order. */
    static List<JsonPath> pollUntilCompleted(String apiKey, String jobId) {
        List<JsonPath> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonPath job = job(apiKey, jobId).then().statusCode(200).extract().jsonPath();
            seen.add(job);
            return "COMPLETED".equals(job.getString("status"));
        });
        return seen;
    }

    static Response upload(String apiKey, String fileName, byte[] bytes, String declaredType) {
        return given().header("X-API-Key", apiKey).multiPart("file", fileName, bytes, declaredType).post("/v2/uploads");
    }

    static Map<String, List<String>> details(Response response) {
        return response.jsonPath().getMap("details");
    }

    static BufferedImage decode(byte[] bytes, String format) {
        try {
            return format.equals("webp")
                    ? WebpEncoderTest.decodeWithTwelveMonkeys(bytes)
                    : ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(image, "png", bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
