package gateway.callback;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static gateway.support.ApiframeStubs.acceptSubmissions;
import static gateway.support.ApiframeStubs.complete;
import static gateway.support.TestTenants.asAcme;
import static gateway.support.TestTenants.asGlobex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import gateway.support.CallbackProfile;
import gateway.support.InjectCallbackReceiver;
import gateway.support.InjectWireMock;
import gateway.support.JobRequests;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * A receiver that never answers in time fills its own tenant's lane of deliveries (two at once here, each given up
 * after 2 s) and nothing else: submissions, polls and another tenant's deliveries go on at their usual pace.
 */
@QuarkusTest
@TestProfile(CallbackProfile.class)
class SlowReceiverTest {

    private static final String SLOW = "/hooks/slow";
    private static final String QUICK = "/hooks/quick";

    @InjectWireMock
    WireMockServer apiframe;

    @InjectCallbackReceiver
    WireMockServer receiver;

    @BeforeEach
    void reset() {
        apiframe.resetAll();
        receiver.resetAll();
        String upstreamId = UUID.randomUUID().toString();
        acceptSubmissions(apiframe, upstreamId);
        complete(apiframe, upstreamId);
        receiver.stubFor(post(urlEqualTo(SLOW)).willReturn(aResponse().withStatus(200).withFixedDelay(10_000)));
        receiver.stubFor(post(urlEqualTo(QUICK)).willReturn(aResponse().withStatus(200)));
    }

    @Test
    void aStalledReceiverSlowsNeitherSubmissionsNorAnotherTenantsDeliveries() {
        List<String> stalled = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            stalled.add(submit(asAcme(), "http://localhost:" + receiver.port() + SLOW));
        }
        // every acme job is over, and its lane holds two deliveries the receiver sits on
        await().atMost(Duration.ofSeconds(10)).until(() -> stalled.stream().allMatch(id -> "pending".equals(
                asAcme().get("/v1/upscales/" + id).path("callback.status"))));

        long started = System.nanoTime();
        String acmeJob = submit(asAcme(), "http://localhost:" + receiver.port() + SLOW);
        String globexJob = submit(asGlobex(), "http://127.0.0.1:" + receiver.port() + QUICK);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));

        // a shared lane would hold globex's delivery until an attempt on the stalled receiver gave up, after 2 s
        await().atMost(Duration.ofMillis(1500)).until(() -> !receiver.findAll(postRequestedFor(urlEqualTo(QUICK)))
                .isEmpty());
        assertThat(receiver.findAll(postRequestedFor(urlEqualTo(QUICK))).get(0).getHeader("webhook-id"))
                .startsWith(globexJob + ".");
        await().atMost(Duration.ofMillis(1500)).until(() -> "completed".equals(
                asAcme().get("/v1/upscales/" + acmeJob).path("status")));
    }

    private static String submit(RequestSpecification tenant, String callbackUrl) {
        return tenant.contentType(ContentType.JSON).body("{\"image\":\"" + JobRequests.IMAGE + "\",\"callbackUrl\":\""
                + callbackUrl + "\"}").post("/v1/upscales").then().statusCode(202).extract().path("id");
    }
}
