package gateway.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static gateway.support.ApiframeStubs.SUBMIT_PATH;
import static gateway.support.ApiframeStubs.json;
import static gateway.support.ApiframeStubs.submissionSequence;
import static gateway.support.JobRequests.postAsAcme;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;

import gateway.support.InjectWireMock;
import gateway.support.LogCapture;
import gateway.support.ManagementPort;
import gateway.support.WireMockProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** A call that never got an HTTP answer is counted once, by its kind, and is not an ERROR: it is retried. */
@QuarkusTest
@TestProfile(WireMockProfile.class)
class UpstreamFailureAccountingTest {

    @InjectWireMock
    WireMockServer wireMock;

    private LogCapture logs;

    @BeforeEach
    void reset() {
        wireMock.resetAll();
        logs = LogCapture.start();
    }

    @AfterEach
    void stopCapturing() {
        logs.close();
    }

    @Test
    void aResetConnectionIsCountedOnceAsAnIoErrorAndLoggedBelowError() {
        double ioErrorsBefore = submitCount("io_error");
        double unansweredBefore = submitCount("0");
        submissionSequence(wireMock, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), accepted());

        postAsAcme().then().statusCode(202);

        assertThat(wireMock.findAll(postRequestedFor(urlEqualTo(SUBMIT_PATH)))).hasSize(2);
        assertThat(submitCount("io_error") - ioErrorsBefore).isEqualTo(1);
        assertThat(submitCount("0") - unansweredBefore).as("calls counted as HTTP status 0").isZero();
        assertThat(logs.errors()).isEmpty();
    }

    @Test
    void aReadTimeoutIsCountedOnceAsATimeout() {
        double timeoutsBefore = submitCount("timeout");
        double unansweredBefore = submitCount("0");
        submissionSequence(wireMock, accepted().withFixedDelay(2_500), accepted());

        postAsAcme().then().statusCode(202);

        assertThat(submitCount("timeout") - timeoutsBefore).isEqualTo(1);
        assertThat(submitCount("0") - unansweredBefore).as("calls counted as HTTP status 0").isZero();
        assertThat(logs.errors()).isEmpty();
    }

    private static double submitCount(String status) {
        String metrics = given().port(ManagementPort.get()).get("/q/metrics").then().statusCode(200).extract()
                .asString();
        Matcher sample = Pattern.compile("^gateway_upstream_requests_total\\{operation=\"submit\",status=\""
                + Pattern.quote(status) + "\"} (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        return sample.find() ? Double.parseDouble(sample.group(1)) : 0;
    }

    private ResponseDefinitionBuilder accepted() {
        return json(202, "{\"jobId\":\"" + UUID.randomUUID() + "\",\"status\":\"QUEUED\"}");
    }
}
