package gateway.scale;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static gateway.support.ApiframeStubs.SUBMIT_PATH;
import static gateway.support.ApiframeStubs.job;
import static gateway.support.ApiframeStubs.jobPath;
import static gateway.support.ApiframeStubs.json;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
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

import gateway.Sha256;
import gateway.support.GatewayProcess;
import gateway.support.RedisProcess;
import gateway.support.RedisRelay;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

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
        for (AutoCloseable running : new AutoCloseable[] {a, b, relay, redis}) {
            try {
                if (running != null) {
                    running.close();
                }
            } catch (Exception e) {
                // the others still need stopping
            }
        }
        if (apiframe != null) {
            apiframe.stop();
        }
    }

    @BeforeEach
    void freshUpstreamJob() {
        apiframe.resetAll();
        upstreamId = UUID.randomUUID().toString();
        acceptSubmissions(Duration.ZERO);
        apiframe.stubFor(get(urlEqualTo(jobPath(upstreamId))).willReturn(job(upstreamId, "PROCESSING", 40, null,
                null)));
    }

    @Test
    @Order(1)
    void aFrozenRedisGetsEveryRequestA503WithinTheDeadlineAndNothingReachesApiframeUntilItGoesOn() {
        String id = submit(a, "shared").then().statusCode(202).extract().path("id");

        redis.freeze();
        try {
            for (GatewayProcess replica : List.of(a, b)) {
                assertRefusedFast(() -> as(replica, "shared").get("/v1/upscales/" + id));
                assertRefusedFast(() -> submit(replica, "shared"));
                assertRefusedFast(() -> as(replica, "shared").header("Idempotency-Key", "frozen-" + id)
                        .contentType(ContentType.JSON).body(IMAGE_JSON).post("/v1/upscales"));
            }
            apiframe.verify(1, postRequestedFor(urlEqualTo(SUBMIT_PATH))); // only the job submitted before
        } finally {
            redis.thaw();
        }

        await().atMost(Duration.ofSeconds(15)).until(() -> a.readiness() == 200 && b.readiness() == 200);
        // the submission refused under its key goes through when retried, and the job before goes on
        as(b, "shared").header("Idempotency-Key", "frozen-" + id).contentType(ContentType.JSON).body(IMAGE_JSON)
                .post("/v1/upscales").then().statusCode(202);
        complete(upstreamId);
        await().atMost(Duration.ofSeconds(15)).until(() -> "completed".equals(
                as(b, "shared").get("/v1/upscales/" + id).then().extract().path("status")));
    }

    @Test
    @Order(2)
    void aJobApiframeAcceptedWhileRedisWasDyingIsAnswered202AndRecordedAndFinishedOnceRedisIsBack() {
        acceptSubmissions(Duration.ofMillis(1500));
        CompletableFuture<Response> submitted = CompletableFuture.supplyAsync(() -> submit(a, "shared"));
        await().atMost(Duration.ofSeconds(5)).until(() -> !apiframe.findAll(postRequestedFor(urlEqualTo(SUBMIT_PATH)))
                .isEmpty());

        redis.stop();

        Response accepted = submitted.join();
        assertThat(accepted.statusCode()).isEqualTo(202);
        String id = accepted.path("id");
        redis.start();
        complete(upstreamId);
        // A recorded it once Redis was back, and it is polled to its end
        await().atMost(Duration.ofSeconds(30)).until(() -> "completed".equals(
                as(b, "shared").get("/v1/upscales/" + id).then().extract().path("status")));
        apiframe.verify(1, postRequestedFor(urlEqualTo(SUBMIT_PATH)));
    }

    @Test
    @Order(3)
    void aJobWhoseReplicaDiedTheMomentItWasStoredIsPolledByTheOtherToItsEnd() {
        relay.cutAfter("gw:{ghost}:jobs"); // the key only storing a job names
        CompletableFuture.runAsync(() -> submit(a, "ghost")); // A never answers it
        await().atMost(Duration.ofSeconds(10)).until(relay::isCut);

        a.kill();

        List<String> ids = new ArrayList<>(as(b, "ghost").get("/v1/upscales").then().statusCode(200).extract()
                .<List<String>>path("items.id"));
        assertThat(ids).hasSize(1);
        // B takes the job over once A's lease lapses, within a lease and an orphan scan
        await().atMost(LEASE.multipliedBy(2).plusSeconds(4)).until(() -> polls(upstreamId) > 0);
        complete(upstreamId);
        await().atMost(Duration.ofSeconds(15)).until(() -> "completed".equals(
                as(b, "ghost").get("/v1/upscales/" + ids.get(0)).then().extract().path("status")));
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
        Map<String, String> config = new LinkedHashMap<>();
        config.put("gateway.store", "redis");
        config.put("quarkus.redis.hosts", redisUrl);
        config.put("quarkus.rest-client.apiframe.url", apiframe.baseUrl());
        config.put("quarkus.log.console.json.enabled", "false");
        config.put("quarkus.shutdown.delay-enabled", "false");
        config.put("gateway.polling.initial-delay", "100ms");
        config.put("gateway.polling.max-interval", "300ms");
        config.put("gateway.polling.lease", LEASE.toMillis() + "ms");
        config.put("gateway.upstream.requests-per-second", "1000");
        for (String tenant : List.of("shared", "ghost")) {
            String prefix = "gateway.tenants." + tenant + ".";
            config.put(prefix + "key-sha256", HexFormat.of().formatHex(Sha256.of(key(tenant))));
            config.put(prefix + "apiframe-key", "afk_it_" + tenant + "_key");
            config.put(prefix + "requests-per-second", "1000");
            config.put(prefix + "burst", "1000");
        }
        return config;
    }

    private static String key(String tenant) {
        return tenant + "-secret-key";
    }

    private static RequestSpecification as(GatewayProcess replica, String tenant) {
        return given().baseUri(replica.url()).header("Authorization", "Bearer " + key(tenant));
    }

    private static Response submit(GatewayProcess replica, String tenant) {
        return as(replica, tenant).contentType(ContentType.JSON).body(IMAGE_JSON).post("/v1/upscales");
    }

    /** From now on Apiframe answers the job's polls as completed (the newest stub wins in WireMock). */
    private static void complete(String upstream) {
        apiframe.stubFor(get(urlEqualTo(jobPath(upstream))).willReturn(job(upstream, "COMPLETED", 100,
                "\"https://cdn.example.com/" + upstream + ".png\"", null)));
    }

    private static int polls(String upstream) {
        return apiframe.findAll(getRequestedFor(urlEqualTo(jobPath(upstream)))).size();
    }
}
