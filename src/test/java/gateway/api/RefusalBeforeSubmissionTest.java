package gateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static gateway.support.ApiframeStubs.SUBMIT_PATH;
import static gateway.support.TestTenants.asAcme;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;

import gateway.support.ApiframeStubs;
import gateway.support.InjectWireMock;
import gateway.support.JobRequests;
import gateway.support.WireMockProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * A submission the gateway refuses is refused before Apiframe hears of it: nothing is uploaded, submitted, charged or
 * stored, and a retry under the same Idempotency-Key is a first submission, not the replay of a job nobody got.
 */
@QuarkusTest
@TestProfile(WireMockProfile.class)
class RefusalBeforeSubmissionTest {

    private static final String UPSTREAM_ID = "6a1f0c52-0d5e-4c1e-9a77-5b0e2f4c8d10";
    private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13 };

    @InjectWireMock
    WireMockServer wireMock;

    @BeforeEach
    void reset() {
        wireMock.resetAll();
        ApiframeStubs.acceptSubmissions(wireMock, UPSTREAM_ID);
        wireMock.stubFor(WireMock.post(urlEqualTo("/v2/uploads")).willReturn(ApiframeStubs.json(201,
                "{\"id\":\"up-1\",\"url\":\"https://cdn.apiframe.example/up-1.png\"}")));
    }

    static Stream<Arguments> acceptsWithoutJson() {
        return Stream.of("application/xml", "text/html", "text/event-stream", "application/problem+json", "a/b/c",
                ";;;", "application/json;q=0", "text/plain, application/xml;q=0.5", "*/json")
                .flatMap(accept -> Stream.of(Arguments.of(accept, "json"), Arguments.of(accept, "multipart")));
    }

    @ParameterizedTest(name = "Accept: {0} ({1})")
    @MethodSource("acceptsWithoutJson")
    void anUnacceptableAnswerIsRefusedBeforeAnythingReachesApiframe(String accept, String kind) {
        String key = "accept-" + UUID.randomUUID();
        List<String> listedBefore = listedIds();

        submission(kind, key).accept(accept).post("/v1/upscales").then().statusCode(406)
                .contentType("application/problem+json").body("code", equalTo("not_acceptable"));

        wireMock.verify(0, postRequestedFor(anyUrl()));
        assertThat(listedIds()).isEqualTo(listedBefore);

        var retry = submission(kind, key).accept(ContentType.JSON).post("/v1/upscales");
        retry.then().statusCode(202).contentType(ContentType.JSON);
        assertThat(retry.header("Idempotent-Replayed")).isNull();
        wireMock.verify(1, postRequestedFor(urlEqualTo(SUBMIT_PATH)));
        wireMock.verify(kind.equals("multipart") ? 1 : 0, postRequestedFor(urlEqualTo("/v2/uploads")));
    }

    static Stream<Arguments> readsWithoutJson() {
        return acceptsWithoutJson().map(arguments -> (String) arguments.get()[0]).distinct()
                .flatMap(accept -> Stream.of(Arguments.of(accept, "/v1/upscales"),
                        Arguments.of(accept, "/v1/upscales/AAAAAAAAAAAAAAAAAAAAAA")));
    }

    @ParameterizedTest(name = "GET {1} with Accept: {0}")
    @MethodSource("readsWithoutJson")
    void readsFollowTheSameRule(String accept, String path) {
        asAcme().accept(accept).get(path).then().statusCode(406)
                .contentType("application/problem+json").body("code", equalTo("not_acceptable"));
    }

    static Stream<String> acceptsWithJson() {
        return Stream.of("application/json", "*/*", "application/*", "application/json;q=0.1, text/html",
                "text/html, application/json", "APPLICATION/JSON; charset=utf-8", "a/b/c, application/json");
    }

    @ParameterizedTest(name = "Accept: {0}")
    @MethodSource("acceptsWithJson")
    void anyAcceptThatAdmitsJsonGetsTheJob(String accept) {
        asAcme().accept(accept).contentType(ContentType.JSON).body("{\"image\":\"" + JobRequests.IMAGE + "\"}")
                .post("/v1/upscales").then().statusCode(202).contentType(ContentType.JSON);

        wireMock.verify(1, postRequestedFor(urlEqualTo(SUBMIT_PATH)));
    }

    private static RequestSpecification submission(String kind, String key) {
        RequestSpecification request = asAcme().header("Idempotency-Key", key);
        return kind.equals("json")
                ? request.contentType(ContentType.JSON).body("{\"image\":\"" + JobRequests.IMAGE + "\"}")
                : request.multiPart("file", "a.png", PNG, "image/png").multiPart("scale", "2");
    }

    private static List<String> listedIds() {
        return asAcme().queryParam("limit", 100).get("/v1/upscales").then().statusCode(200).extract()
                .jsonPath().getList("items.id", String.class);
    }
}
