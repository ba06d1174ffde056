package gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The OpenAPI document describes a submission's JSON body with the very rules the reader enforces. */
@QuarkusTest
class UpscaleRequestSchemaTest {

    @Test
    void theServedSchemaOfASubmissionShowsEveryFieldAndBound() {
        JsonPath document = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Object> schema = document.getMap("components.schemas.UpscaleRequest");

        assertThat(document.getString("paths.'/v1/upscales'.post.requestBody.content.'application/json'.schema.$ref"))
                .isEqualTo("#/components/schemas/UpscaleRequest");
        assertThat(schema).containsEntry("type", "object").containsEntry("required", List.of("image"))
                .containsEntry("additionalProperties", false);
        assertThat(document.getMap("components.schemas.UpscaleRequest.properties")).containsExactly(
                Map.entry("image", Map.of("type", "string", "format", "uri", "maxLength", 2048,
                        "description", "absolute http(s) URL of the input")),
                Map.entry("scale", Map.of("type", "integer", "format", "int32", "enum", List.of(1, 2, 4, 8),
                        "default", 2)),
                Map.entry("prompt", Map.of("type", "string", "maxLength", 2000)),
                Map.entry("negativePrompt", Map.of("type", "string", "maxLength", 2000)),
                Map.entry("creativity", Map.of("type", "number", "format", "double", "minimum", 0, "maximum", 1)),
                Map.entry("resemblance", Map.of("type", "number", "format", "double", "minimum", 0, "maximum", 3)),
                Map.entry("dynamic", Map.of("type", "number", "format", "double", "minimum", 1, "maximum", 50)),
                Map.entry("steps", Map.of("type", "integer", "format", "int32", "minimum", 1, "maximum", 100)),
                Map.entry("sharpen", Map.of("type", "number", "format", "double", "minimum", 0, "maximum", 10)),
                Map.entry("seed", Map.of("type", "integer", "format", "int64")),
                Map.entry("format", Map.of("type", "string", "enum", List.of("png", "jpg", "webp"),
                        "default", "png")),
                Map.entry("metadata", Map.of("type", "object", "additionalProperties", Map.of(),
                        "description", "at most 2 KiB serialized; stored and echoed, never sent upstream")),
                Map.entry("callbackUrl", Map.of("type", "string", "format", "uri", "maxLength", 2048,
                        "description", "where the job's changes are POSTed, signed (Standard Webhooks); absolute "
                                + "http(s), no user info, a host the tenant's callback-hosts allows; absent: the "
                                + "tenant's callback-url, if any")),
                Map.entry("callbackEvents", Map.of("type", "array", "minItems", 1, "uniqueItems", true,
                        "items", Map.of("type", "string", "enum", List.of("queued", "processing", "completed",
                                "failed")),
                        "description", "the statuses whose changes are delivered; absent: completed and failed")));
    }
}
