package gateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static gateway.support.TestTenants.asAcme;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import gateway.support.InjectWireMock;
import gateway.support.WireMockProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Bad requests get a precise problem and never reach Apiframe. */
@QuarkusTest
@TestProfile(WireMockProfile.class)
class SubmissionValidationTest {

    @InjectWireMock
    WireMockServer wireMock;

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URL root;

    private int port;

    @BeforeEach
    void reset() {
        wireMock.resetAll();
        port = root.getPort();
    }

    @AfterEach
    void nothingWasSentToApiframe() {
        // polls of jobs other tests left running may still arrive; submissions and uploads are POSTs
        wireMock.verify(0, postRequestedFor(anyUrl()));
    }

    @Test
    void namesEveryOffendingFieldAtOnce() {
        invalid("""
                {"image":"ftp://example.com/a.png","scale":3,"prompt":42,"creativity":1.5,"resemblance":-1,
                 "dynamic":0,"steps":101,"sharpen":"high","seed":1.5,"format":"gif","colour":"red"}
                """)
                .body("errors.field", containsInAnyOrder("image", "scale", "prompt", "creativity", "resemblance",
                        "dynamic", "steps", "sharpen", "seed", "format", "colour"))
                .body("errors", hasSize(11));
    }

    @Test
    void doesNotCoerceTypes() {
        invalid("{\"image\":\"https://example.com/a.png\",\"steps\":2.5,\"scale\":\"two\",\"creativity\":\"0.5\"}")
                .body("errors.field", containsInAnyOrder("steps", "scale", "creativity"));
    }

    @Test
    void rejectsAWholeNumberWrittenAsAFractionForAnIntegerField() {
        invalid("{\"image\":\"https://example.com/a.png\",\"scale\":2.0}")
                .body("errors.field", containsInAnyOrder("scale"));
    }

    @Test
    void requiresTheImage() {
        invalid("{\"scale\":2}").body("errors[0].field", equalTo("image"))
                .body("errors[0].message", equalTo("is required"));
    }

    @Test
    void rejectsRelativeAndOverlongImageUrls() {
        invalid("{\"image\":\"/local/a.png\"}").body("errors.field", containsInAnyOrder("image"));
        invalid("{\"image\":\"https://example.com/" + "a".repeat(2040) + "\"}")
                .body("errors.field", containsInAnyOrder("image"));
    }

    @Test
    void rejectsOverlongPrompts() {
        invalid("{\"image\":\"https://example.com/a.png\",\"prompt\":\"" + "p".repeat(2001)
                + "\",\"negativePrompt\":\"" + "n".repeat(2001) + "\"}")
                .body("errors.field", containsInAnyOrder("prompt", "negativePrompt"));
    }

    @Test
    void rejectsMetadataThatIsNotAnObjectOrTooLarge() {
        invalid("{\"image\":\"https://example.com/a.png\",\"metadata\":[1,2]}")
                .body("errors.field", containsInAnyOrder("metadata"));
        invalid("{\"image\":\"https://example.com/a.png\",\"metadata\":{\"note\":\"" + "m".repeat(2100) + "\"}}")
                .body("errors.field", containsInAnyOrder("metadata"));
    }

    @Test
    void rejectsMalformedJsonDuplicateKeysAndNonObjects() {
        invalid("{\"image\": ").body("errors[0].field", equalTo("body"));
        invalid("{\"image\":\"https://example.com/a.png\",\"image\":\"https://example.com/b.png\"}")
                .body("errors[0].field", equalTo("image"))
                .body("errors[0].message", equalTo("is given more than once"));
        invalid("[{\"image\":\"https://example.com/a.png\"}]").body("errors[0].field", equalTo("body"));
        invalid("{\"image\":\"https://example.com/a.png\"} trailing").body("errors[0].field", equalTo("body"));
    }

    @Test
    void rejectsAnOversizedBodyWith413BeforeReadingIt() {
        String body = "{\"image\":\"https://example.com/a.png\",\"prompt\":\"" + "x".repeat(70_000) + "\"}";
        asAcme().contentType(ContentType.JSON).body(body).post("/v1/upscales")
                .then().statusCode(413).contentType("application/problem+json")
                .body("code", equalTo("payload_too_large"));
    }

    @Test
    void answersABodyDeclaredOverTheServersHardLimitWithAProblemWithoutReadingIt() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            socket.setSoTimeout(2_000);
            socket.getOutputStream().write(("POST /v1/upscales HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + gateway.support.TestTenants.ACME_KEY + "\r\n"
                    + "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 300000000\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[1024];
            try {
                for (int n; (n = socket.getInputStream().read(buffer)) > 0;) {
                    received.write(buffer, 0, n);
                }
            } catch (java.net.SocketTimeoutException endOfAnswer) {
                // the server may keep the connection open after answering
            }
            String response = received.toString(java.nio.charset.StandardCharsets.US_ASCII);

            org.assertj.core.api.Assertions.assertThat(response).startsWith("HTTP/1.1 413")
                    .contains("application/problem+json").contains("\"code\":\"payload_too_large\"");
        }
    }

    @Test
    void rejectsOtherMediaTypesWith415() {
        asAcme().contentType(ContentType.TEXT).body("image=https://example.com/a.png").post("/v1/upscales")
                .then().statusCode(415).contentType("application/problem+json")
                .body("code", equalTo("unsupported_media_type"));
    }

    @Test
    void rejectsAMultipartRequestWithoutAFileOrWithAnImageUrl() {
        asAcme().multiPart("scale", "2").post("/v1/upscales")
                .then().statusCode(400).body("errors.field", hasItem("file"));
        asAcme().multiPart("file", "a.png", new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0 })
                .multiPart("image", "https://example.com/a.png")
                .post("/v1/upscales")
                .then().statusCode(400).body("errors.field", hasItem("image"));
    }

    @Test
    void rejectsAnUploadThatIsNotAnImage() {
        asAcme().multiPart("file", "notes.png", "just text, not a PNG".getBytes()).post("/v1/upscales")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("file"));
    }

    @Test
    void checksMultipartFieldsLikeJsonOnes() {
        asAcme().multiPart("file", "a.png", new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0 })
                .multiPart("scale", "two").multiPart("steps", "2.5").multiPart("colour", "red")
                .post("/v1/upscales")
                .then().statusCode(400).body("errors.field", containsInAnyOrder("scale", "steps", "colour"));
    }

    @Test
    void authenticatesBeforeValidating() {
        given().contentType(ContentType.JSON).body("{\"nonsense\":true}").post("/v1/upscales")
                .then().statusCode(401).header("WWW-Authenticate", "Bearer")
                .body("code", equalTo("unauthenticated"));
    }

    private ValidatableResponse invalid(String body) {
        return asAcme().contentType(ContentType.JSON).body(body).post("/v1/upscales")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid_request"))
                .body("status", equalTo(400));
    }
}
