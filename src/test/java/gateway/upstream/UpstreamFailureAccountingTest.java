package gateway.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static gateway.support.ApiframeStubs.SUBMIT_PATH;
import static gateway.support.ApiframeStubs.json;
import static gateway.support.TestTenants.asAcme;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import gateway.support.InjectWireMock;
import gateway.support.JobRequests;
import gateway.support.ManagementPort;
import gateway.support.WireMockProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** A call that never got an HTTP answer is counted once, by its kind, and is not an ERROR: it is retried. */
@QuarkusTest
@TestProfile(WireMockProfile.class)
class UpstreamFailureAccountingTest {

    @InjectWireMock
    WireMockServer wireMock;

    private final List<LogRecord> errors = new CopyOnWriteArrayList<>();
    private final Handler captureErrors = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void reset() {
        wireMock.resetAll();
        Logger.getLogger("").addHandler(captureErrors);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(captureErrors);
    }

    @Test
    void aResetConnectionIsCountedOnceAsAnIoErrorAndLoggedBelowError() {
        double ioErrorsBefore = submitCount("io_error");
        double unansweredBefore = submitCount("0");
        submissionAnswers(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), accepted());

        submit().then().statusCode(202);

        assertThat(wireMock.findAll(postRequestedFor(urlEqualTo(SUBMIT_PATH)))).hasSize(2);
        assertThat(submitCount("io_error") - ioErrorsBefore).isEqualTo(1);
        assertThat(submitCount("0") - unansweredBefore).as("calls counted as HTTP status 0").isZero();
        assertThat(errors).extracting(LogRecord::getMessage).isEmpty();
    }

    @Test
    void aReadTimeoutIsCountedOnceAsATimeout() {
        double timeoutsBefore = submitCount("timeout");
        double unansweredBefore = submitCount("0");
        submissionAnswers(accepted().withFixedDelay(2_500), accepted());

        submit().then().statusCode(202);

        assertThat(submitCount("timeout") - timeoutsBefore).isEqualTo(1);
        assertThat(submitCount("0") - unansweredBefore).as("calls counted as HTTP status 0").isZero();
        assertThat(errors).extracting(LogRecord::getMessage).isEmpty();
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

    private static io.restassured.response.Response submit() {
        return asAcme().contentType(ContentType.JSON).body("{\"image\":\"" + JobRequests.IMAGE + "\"}")
                .post("/v1/upscales");
    }

    /** Each attempt gets the next answer; the last answer repeats. */
    private void submissionAnswers(ResponseDefinitionBuilder... answers) {
        for (int i = 0; i < answers.length; i++) {
            var stub = post(urlEqualTo(SUBMIT_PATH)).inScenario("submission")
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "attempt-" + i).willReturn(answers[i]);
            if (i < answers.length - 1) {
                stub.willSetStateTo("attempt-" + (i + 1));
            }
            wireMock.stubFor(stub);
        }
    }
}
