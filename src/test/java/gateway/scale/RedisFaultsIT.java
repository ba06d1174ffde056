package gateway.scale;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static gateway.support.ApiframeStubs.SUBMIT_PATH;
import static gateway.support.ApiframeStubs.complete;
import static gateway.support.ApiframeStubs.json;
import static gateway.support.ApiframeStubs.keepProcessing;
import static gateway.support.ApiframeStubs.polls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.github.tomakehurst.wiremock.WireMockServer;

import gateway.support.GatewayProcess;
import gateway.support.ProcessConfig;
import gateway.support.RedisProcess;
import gateway.support.RedisRelay;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Two gateway jars on one Redis, with that Redis hung, dying mid-submission, and a replica dying the moment a job is
 * stored. Replica A reaches Redis through a {@link RedisRelay} that can cut it off right after a given command;
 * WireMock plays Apiframe, so the test sees every upstream call.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisFaultsIT {

    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(3);
    private static final String IMAGE_JSON = "{\"image\":\"https://images.example.com/cat.png\"}";

    private static WireMockServer apiframe;
    private static RedisProcess redis;
    private static RedisRelay relay;
    private static GatewayProcess a;
    private static GatewayProcess b;

    private String upstreamId;

    @BeforeAll
    static void startReplicas() throws IOException {
        Path logs = Files.createDirectories(Path.of("target", "redis-faults"));
        apiframe = new WireMockServer(wireMockConfig().dynamicPort().containerThreads(20));
        apiframe.start();
        redis = RedisProcess.start(logs.resolve("redis"));
        relay = RedisRelay.to(redis.url());
        a = GatewayProcess.start("replica-a", config(relay.url()), logs);
        b = GatewayProcess.start("replica-b", config(redis.url()), logs);
    }

    @AfterAll
    static void stopReplicas() {
        GatewayProcess.closeAll(a, b, relay, redis);
        if (apiframe != null) {
            apiframe.stop();
        }
    }

    @BeforeEach
    void freshUpstreamJob() {
        apiframe.resetAll();
        upstreamId = UUID.randomUUID().toString();
        acceptSubmissions(Duration.ZERO);
        keepProcessing(apiframe, upstreamId);
    }

    @Test
    @Order(1)
    void aFrozenRedisGetsEveryRequestA503WithinTheDeadlineAndNothingReachesApiframeUntilItGoesOn() {
        String id = a.submitAs("shared").then().statusCode(202).extract().path("id");

        redis.freeze();
        try {
            for (GatewayProcess replica : List.of(a, b)) {
                assertRefusedFast(() -> replica.as("shared").get("/v1/upscales/" + id));
                assertRefusedFast(() -> replica.submitAs("shared"));
                assertRefusedFast(() -> replica.as("shared").header("Idempotency-Key", "frozen-" + id)
                        .contentType(ContentType.JSON).body(IMAGE_JSON).post("/v1/upscales"));
            }
            apiframe.verify(1, postRequestedFor(urlEqualTo(SUBMIT_PATH))); // only the job submitted before
        } finally {
            redis.thaw();
        }

        await().atMost(Duration.ofSeconds(15)).until(() -> a.readiness() == 200 && b.readiness() == 200);
        // the submission refused under its key goes through when retried, and the job before goes on
        b.as("shared").header("Idempotency-Key", "frozen-" + id).contentType(ContentType.JSON).body(IMAGE_JSON)
                .post("/v1/upscales").then().statusCode(202);
        complete(apiframe, upstreamId);
        await().atMost(Duration.ofSeconds(15)).until(() -> "completed".equals(
                b.as("shared").get("/v1/upscales/" + id).then().extract().path("status")));
    }

    @Test
    @Order(2)
    void aJobApiframeAcceptedWhileRedisWasDyingIsAnswered202AndRecordedAndFinishedOnceRedisIsBack() {
        acceptSubmissions(Duration.ofMillis(1500));
        CompletableFuture<Response> submitted = CompletableFuture.supplyAsync(() -> a.submitAs("shared"));
        await().atMost(Duration.ofSeconds(5)).until(() -> !apiframe.findAll(postRequestedFor(urlEqualTo(SUBMIT_PATH)))
                .isEmpty());

        redis.stop();

        Response accepted = submitted.join();
        assertThat(accepted.statusCode()).isEqualTo(202);
        String id = accepted.path("id");
        redis.start();
        complete(apiframe, upstreamId);
        // A recorded it once Redis was back, and it is polled to its end
        await().atMost(Duration.ofSeconds(30)).until(() -> "completed".equals(
                b.as("shared").get("/v1/upscales/" + id).then().extract().path("status")));
        apiframe.verify(1, postRequestedFor(urlEqualTo(SUBMIT_PATH)));
    }

    @Test
    @Order(3)
    void aJobWhoseReplicaDiedTheMomentItWasStoredIsPolledByTheOtherToItsEnd() {
        relay.cutAfter("gw:{ghost}:jobs"); // the key only storing a job names
        CompletableFuture.runAsync(() -> a.submitAs("ghost")); // A never answers it
        await().atMost(Duration.ofSeconds(10)).until(relay::isCut);

        a.kill();

        List<String> ids = new ArrayList<>(b.as("ghost").get("/v1/upscales").then().statusCode(200).extract()
                .<List<String>>path("items.id"));
        assertThat(ids).hasSize(1);
        // B takes the job over once A's lease lapses, within a lease and an orphan scan
        await().atMost(LEASE.multipliedBy(2).plusSeconds(4)).until(() -> polls(apiframe, upstreamId) > 0);
        complete(apiframe, upstreamId);
        await().atMost(Duration.ofSeconds(15)).until(() -> "completed".equals(
                b.as("ghost").get("/v1/upscales/" + ids.get(0)).then().extract().path("status")));
    }

    private static void assertRefusedFast(java.util.function.Supplier<Response> request) {
        long start = System.nanoTime();
        Response refused = request.get();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.<String>path("code")).isEqualTo("store_unavailable");
        assertThat(refused.header("Retry-After")).isNotBlank();
        assertThat(took).isLessThan(ANSWER_BOUND);
    }

    private void acceptSubmissions(Duration delay) {
        apiframe.stubFor(post(urlEqualTo(SUBMIT_PATH)).willReturn(json(202,
                "{\"jobId\":\"" + upstreamId + "\",\"status\":\"QUEUED\"}").withFixedDelay((int) delay.toMillis())));
    }

    private static Map<String, String> config(String redisUrl) {
        Map<String, String> config = ProcessConfig.redisReplica(apiframe.baseUrl(), redisUrl, LEASE);
        for (String tenant : List.of("shared", "ghost")) {
            ProcessConfig.tenant(config, tenant, "1000", "1000", "50");
        }
        return config;
    }

}
