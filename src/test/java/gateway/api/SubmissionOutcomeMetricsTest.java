package gateway.api;

import static gateway.support.ApiframeStubs.acceptSubmissions;
import static gateway.support.ApiframeStubs.complete;
import static gateway.support.ApiframeStubs.keepProcessing;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import gateway.support.InjectWireMock;
import gateway.support.JobRequests;
import gateway.support.ManagementPort;
import gateway.support.WireMockProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** A refused submission is counted once where it is refused and once by the code its answer carries. */
@QuarkusTest
@TestProfile(WireMockProfile.class)
class SubmissionOutcomeMetricsTest {

    // may hold 2 jobs in flight
    private static final String CREDITS_KEY = "credits-secret-key";
    private static final String REFUSED = "gateway_rate_limited_total{reason=\"too_many_in_flight\",tenant=\"credits\"}";
    private static final String OUTCOME = "gateway_submissions_total{outcome=\"too_many_in_flight\",tenant=\"credits\"}";
    private static final String ACCEPTED = "gateway_submissions_total{outcome=\"accepted\",tenant=\"credits\"}";

    @InjectWireMock
    WireMockServer wireMock;

    private String upstreamId;

    @BeforeEach
    void reset() {
        wireMock.resetAll();
        upstreamId = UUID.randomUUID().toString();
        acceptSubmissions(wireMock, upstreamId);
        keepProcessing(wireMock, upstreamId);
    }

    @Test
    void aSubmissionOverTheInFlightCapCountsAsRefusedAndByItsCode() {
        double refused = metric(REFUSED);
        double outcome = metric(OUTCOME);
        double accepted = metric(ACCEPTED);

        submit().then().statusCode(202);
        submit().then().statusCode(202);
        submit().then().statusCode(429).body("code", equalTo("too_many_in_flight"));

        assertThat(metric(REFUSED)).isEqualTo(refused + 1);
        assertThat(metric(OUTCOME)).isEqualTo(outcome + 1);
        assertThat(metric(ACCEPTED)).isEqualTo(accepted + 2);

        // the two jobs end, and so give the tenant's slots back for other tests
        complete(wireMock, upstreamId);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> metric("gateway_jobs_in_flight{tenant=\"credits\"}") == 0);
    }

    private static Response submit() {
        return given().header("Authorization", "Bearer " + CREDITS_KEY).contentType(ContentType.JSON)
                .body("{\"image\":\"" + JobRequests.IMAGE + "\"}").post("/v1/upscales");
    }

    /** The series' value on the management port, 0 while it does not exist yet. */
    private static double metric(String series) {
        String scrape = given().port(ManagementPort.get()).get("/q/metrics").then().statusCode(200).extract()
                .asString();
        return scrape.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).strip())).orElse(0.0);
    }
}
