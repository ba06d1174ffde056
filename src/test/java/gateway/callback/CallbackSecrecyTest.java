package gateway.callback;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static gateway.support.ApiframeStubs.acceptSubmissions;
import static gateway.support.ApiframeStubs.complete;
import static gateway.support.TestTenants.asAcme;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import gateway.support.CallbackProfile;
import gateway.support.CallbackReceiver;
import gateway.support.InjectCallbackReceiver;
import gateway.support.InjectWireMock;
import gateway.support.JobRequests;
import gateway.support.LogCapture;
import gateway.support.ManagementPort;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** A tenant's callback secret never reaches a log line, a response or a metric, whatever its deliveries meet. */
@QuarkusTest
@TestProfile(CallbackProfile.class)
class CallbackSecrecyTest {

    // the key as configured, and the part a careless log line would most likely quote
    private static final String SECRET = CallbackReceiver.ACME_SECRET;
    private static final String KEY = SECRET.substring("whsec_".length());

    @InjectWireMock
    WireMockServer apiframe;

    @InjectCallbackReceiver
    WireMockServer receiver;

    private LogCapture logs;

    @BeforeEach
    void captureLogs() {
        apiframe.resetAll();
        receiver.resetAll();
        Logger.getLogger("gateway").setLevel(Level.ALL);
        Logger.getLogger("io.vertx").setLevel(Level.ALL);
        logs = LogCapture.start();
    }

    @AfterEach
    void stopCapturing() {
        logs.close();
        Logger.getLogger("gateway").setLevel(Level.INFO);
        Logger.getLogger("io.vertx").setLevel(Level.INFO);
    }

    @Test
    void deliveriesRetriesAndRefusalsLeaveTheSecretNowhere() {
        String upstreamId = UUID.randomUUID().toString();
        acceptSubmissions(apiframe, upstreamId);
        complete(apiframe, upstreamId);
        receiver.stubFor(post(urlEqualTo("/hooks/secret")).inScenario("secret").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withBody("echoing nothing")).willSetStateTo("up"));
        receiver.stubFor(post(urlEqualTo("/hooks/secret")).inScenario("secret").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(410)));
        String url = "http://localhost:" + receiver.port() + "/hooks/secret";

        String id = asAcme().contentType(ContentType.JSON).body("{\"image\":\"" + JobRequests.IMAGE
                + "\",\"callbackUrl\":\"" + url + "\"}").post("/v1/upscales").then().statusCode(202)
                .extract().path("id");
        asAcme().contentType(ContentType.JSON).body("{\"image\":\"" + JobRequests.IMAGE
                + "\",\"callbackUrl\":\"http://unlisted.example.org/\"}").post("/v1/upscales").then().statusCode(400);
        String job = await().atMost(Duration.ofSeconds(10)).until(() -> asAcme().get("/v1/upscales/" + id).asString(),
                body -> body.contains("\"status\":\"gone\""));

        assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/hooks/secret")))).hasSize(2);
        String metrics = given().port(ManagementPort.get()).get("/q/metrics").asString();
        assertThat(metrics).contains("gateway_callbacks_total{outcome=\"retried\",tenant=\"acme\"}");
        assertThat(logs.lines()).anySatisfy(line -> assertThat(line).contains(id).contains("410"));
        for (String text : new String[] { String.join("\n", logs.lines()), job, metrics }) {
            assertThat(text).doesNotContain(KEY);
        }
    }
}
