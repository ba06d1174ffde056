package gateway.api;

import static gateway.support.ApiframeStubs.acceptSubmissions;
import static gateway.support.ApiframeStubs.answerSubmissions;
import static gateway.support.ApiframeStubs.job;
import static gateway.support.ApiframeStubs.json;
import static gateway.support.ApiframeStubs.pollSequence;
import static gateway.support.TestTenants.asAcme;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import gateway.support.InjectWireMock;
import gateway.support.JobRequests;
import gateway.support.LogCapture;
import gateway.support.TestTenants;
import gateway.support.WireMockProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** No tenant key and no Apiframe key ever reaches a log line, whatever happens. */
@QuarkusTest
@TestProfile(WireMockProfile.class)
class LogSecrecyTest {

    @InjectWireMock
    WireMockServer wireMock;

    private LogCapture logs;

    @BeforeEach
    void captureLogs() {
        wireMock.resetAll();
        Logger.getLogger("gateway").setLevel(Level.ALL);
        Logger.getLogger("io.quarkus.rest.client").setLevel(Level.ALL);
        logs = LogCapture.start();
    }

    @AfterEach
    void stopCapturing() {
        logs.close();
    }

    @Test
    void aFullJobARefusedKeyAndAFailureLeaveNoKeyInTheLogs() {
        acceptSubmissions(wireMock, "11111111-2222-4333-8444-555555555555");
        pollSequence(wireMock, "11111111-2222-4333-8444-555555555555",
                json(500, "{\"error\":\"boom for afk_test_acme_key\"}"),
                job("11111111-2222-4333-8444-555555555555", "COMPLETED", 100, "\"https://cdn.example.com/x.png\"",
                        null));
        String jobId = JobRequests.submitAsAcme();
        await().atMost(Duration.ofSeconds(10)).until(
                () -> asAcme().get("/v1/upscales/" + jobId).path("status").equals("completed"));

        answerSubmissions(wireMock, json(401, "{\"error\":\"Invalid API key afk_test_acme_key\"}"));
        asAcme().contentType(ContentType.JSON).body("{\"image\":\"" + JobRequests.IMAGE + "\"}")
                .post("/v1/upscales").then().statusCode(502);
        asAcme().contentType(ContentType.JSON).body("{\"image\":").post("/v1/upscales").then().statusCode(400);
        answerSubmissions(wireMock, json(202, "{\"jobId\": afk_test_acme_key <- not JSON"));
        asAcme().contentType(ContentType.JSON).body("{\"image\":\"" + JobRequests.IMAGE + "\"}")
                .post("/v1/upscales").then().statusCode(502);

        List<String> lines = logs.lines();
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("acme").contains(jobId));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("refused the API key").contains("acme"));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("broke its contract").contains("acme"));
        assertThat(String.join("\n", lines))
                .doesNotContain(TestTenants.ACME_KEY)
                .doesNotContain(TestTenants.ACME_APIFRAME_KEY)
                .doesNotContain("Bearer ");
    }
}
