package gateway.scale;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static gateway.support.ApiframeStubs.SUBMIT_PATH;
import static gateway.support.ApiframeStubs.acceptSubmissions;
import static gateway.support.ApiframeStubs.keepProcessing;
import static gateway.support.ApiframeStubs.polls;
import static gateway.support.ProcessConfig.key;
import static gateway.support.SignedWebhooks.completed;
import static gateway.support.SignedWebhooks.progress;
import static gateway.support.SignedWebhooks.signature;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import gateway.support.GatewayProcess;
import gateway.support.ProcessConfig;
import gateway.support.RedisProcess;
import gateway.support.SignedWebhooks;
import gateway.support.SseClient;
import io.restassured.path.json.JsonPath;

/**
 * Two gateway jars on one Redis behind one public address, as Apiframe sees them: replica A accepts a job, and its
 * webhooks reach replica B (the load balancer's choice). B applies them to the shared store, A's event stream sees
 * each at once, the job's end frees its tenant's slot on both, and nobody polls Apiframe: A keeps the job's lease
 * through the grace without a poll, so B never takes the job over either. WireMock plays Apiframe, minus webhooks:
 * the test posts them, signed as Apiframe signs them.
 */
class WebhooksAcrossReplicasIT {

    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final String PUBLIC_BASE_URL = "https://upscale-gateway.example.com";
    private static final String TENANT = "solo";
    private static final String APIFRAME_KEY = "afk_it_" + TENANT + "_key";

    private static Path logs;
    private static WireMockServer apiframe;
    private static RedisProcess redis;
    private static GatewayProcess a;
    private static GatewayProcess b;

    @BeforeAll
    static void startReplicas() throws IOException {
        logs = Files.createDirectories(Path.of("target", "webhooks-across-replicas"));
        apiframe = new WireMockServer(wireMockConfig().dynamicPort());
        apiframe.start();
        redis = RedisProcess.start(logs.resolve("redis"));
        Map<String, String> config = ProcessConfig.redisReplica(apiframe.baseUrl(), redis.url(), LEASE);
        config.put("gateway.public-base-url", PUBLIC_BASE_URL);
        ProcessConfig.tenant(config, TENANT, "1000", "1000", "1"); // one job in flight at a time
        a = GatewayProcess.start("replica-a", config, logs);
        b = GatewayProcess.start("replica-b", config, logs);
    }

    @AfterAll
    static void stopReplicas() {
        GatewayProcess.closeAll(a, b, redis);
        if (apiframe != null) {
            apiframe.stop();
        }
    }

    @Test
    void aJobAcceptedByOneReplicaMovesOnWebhooksTheOtherReceivesAndIsNeverPolled() throws IOException {
        String upstreamId = UUID.randomUUID().toString();
        acceptSubmissions(apiframe, upstreamId);
        keepProcessing(apiframe, upstreamId);
        String id = a.submitAs(TENANT).then().statusCode(202).extract().path("id");
        String webhookUrl = new JsonPath(apiframe.findAll(postRequestedFor(urlEqualTo(SUBMIT_PATH))).get(0)
                .getBodyAsString()).getString("webhookUrl");
        assertThat(webhookUrl).isEqualTo(PUBLIC_BASE_URL + "/webhooks/apiframe/" + TENANT + "/" + id);
        String path = URI.create(webhookUrl).getPath();
        SseClient stream = SseClient.open(a.url() + "/v1/upscales/" + id + "/events", key(TENANT), null);
        await().atMost(Duration.ofSeconds(10)).until(() -> !stream.events().isEmpty());
        // longer than a lease: A must keep it without polling
        await().during(LEASE.multipliedBy(2)).atMost(LEASE.multipliedBy(4))
                .until(() -> polls(apiframe, upstreamId) == 0);

        deliverTo(b, path, progress(upstreamId, "PROCESSING", 50));
        await().atMost(Duration.ofSeconds(5)).until(() -> names(stream).contains("processing"));
        a.submitAs(TENANT).then().statusCode(429).body("code", equalTo("too_many_in_flight"));
        deliverTo(b, path, completed(upstreamId, "https://cdn.example.com/" + upstreamId + ".png"));

        await().atMost(Duration.ofSeconds(5)).until(stream::hasEnded);
        assertThat(names(stream)).containsExactly("queued", "processing", "completed");
        a.as(TENANT).get("/v1/upscales/" + id).then().statusCode(200).body("status", equalTo("completed"))
                .body("result.images[0]", equalTo("https://cdn.example.com/" + upstreamId + ".png"));
        assertThat(polls(apiframe, upstreamId)).isZero();
        assertThat(b.metrics()).contains("gateway_webhooks_received_total{outcome=\"accepted\"} 2.0");
        assertThat(Files.readString(logs.resolve("replica-b.log")))
                .doesNotContain("Taking over the polling of job " + id);
        // the job's end freed the tenant's one slot, for both replicas
        String next = UUID.randomUUID().toString();
        acceptSubmissions(apiframe, next);
        b.submitAs(TENANT).then().statusCode(202);
    }

    private static void deliverTo(GatewayProcess replica, String path, String body) {
        SignedWebhooks.post(given().baseUri(replica.url()), path, body, signature(body, APIFRAME_KEY))
                .then().statusCode(204);
    }

    private static List<String> names(SseClient stream) {
        return stream.events().stream().map(SseClient.Event::name).toList();
    }
}
