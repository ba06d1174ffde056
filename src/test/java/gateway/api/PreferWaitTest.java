package gateway.api;

import static gateway.support.ApiframeStubs.acceptSubmissions;
import static gateway.support.ApiframeStubs.job;
import static gateway.support.ApiframeStubs.pollSequence;
import static gateway.support.TestTenants.asAcme;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.net.URI;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import gateway.support.InjectWireMock;
import gateway.support.JobRequests;
import gateway.support.RawHttp;
import gateway.support.RawHttp.RawResponse;
import gateway.support.WireMockProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** {@code Prefer: wait=N} (contract.md, "Request headers"): the answer is held until the job ends or the time is up. */
@QuarkusTest
@TestProfile(WireMockProfile.class)
class PreferWaitTest {

    @InjectWireMock
    WireMockServer wireMock;

    @TestHTTPResource("/")
    URI root;

    private String upstreamId;

    @BeforeEach
    void reset() {
        wireMock.resetAll();
        upstreamId = UUID.randomUUID().toString();
        acceptSubmissions(wireMock, upstreamId);
    }

    @Test
    void answers200WithTheTerminalJobWhenItEndsInTime() {
        pollSequence(wireMock, upstreamId, job(upstreamId, "PROCESSING", 50, null, null),
                job(upstreamId, "COMPLETED", 100, "\"https://cdn.example.com/w.png\"", null));

        Response response = submit("wait=5");

        response.then().statusCode(200).header("Preference-Applied", "wait=5")
                .body("status", equalTo("completed"))
                .body("result.images", hasItem("https://cdn.example.com/w.png"));
        assertThat(response.header("Location")).isEqualTo("/v1/upscales/" + response.path("id"));
    }

    @Test
    void answers202WithTheCurrentJobWhenTimeIsUp() {
        pollSequence(wireMock, upstreamId, job(upstreamId, "PROCESSING", 20, null, null));

        long started = System.nanoTime();
        Response response = submit("respond-async, wait=1");
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        response.then().statusCode(202).header("Preference-Applied", "wait=1");
        assertThat(response.<String> path("status")).isIn("queued", "processing");
        assertThat(tookMillis).isBetween(1_000L, 4_000L);
    }

    @Test
    void severalPreferFieldsFormOneList() {
        pollSequence(wireMock, upstreamId, job(upstreamId, "PROCESSING", 20, null, null));

        long started = System.nanoTime();
        RawResponse answer = RawHttp.request("POST", "/v1/upscales").asAcme().header("Prefer", " respond-async")
                .header("Prefer", " wait=1").json("{\"image\":\"" + JobRequests.IMAGE + "\"}").send(root);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.header("Preference-Applied")).isEqualTo("wait=1");
        assertThat(tookMillis).isBetween(1_000L, 4_000L);
    }

    @Test
    void anOutOfRangeWaitIs400() {
        for (String prefer : new String[] { "wait=0", "wait=61", "wait=soon", "wait" }) {
            submit(prefer).then().statusCode(400).body("errors[0].field", equalTo("Prefer"));
        }
    }

    private static Response submit(String prefer) {
        return asAcme().header("Prefer", prefer).contentType(ContentType.JSON)
                .body("{\"image\":\"" + JobRequests.IMAGE + "\"}").post("/v1/upscales");
    }
}
