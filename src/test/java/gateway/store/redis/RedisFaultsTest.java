package gateway.store.redis;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static gateway.support.ApiframeStubs.SUBMIT_PATH;
import static gateway.support.ApiframeStubs.answerSubmissions;
import static gateway.support.ApiframeStubs.job;
import static gateway.support.ApiframeStubs.jobPath;
import static gateway.support.ApiframeStubs.json;
import static gateway.support.ApiframeStubs.pollSequence;
import static gateway.support.TestTenants.asAcme;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import gateway.job.IdempotencyStore;
import gateway.job.Job;
import gateway.job.JobIds;
import gateway.job.JobStore;
import gateway.job.PollLeases;
import gateway.job.UpscaleParameters;
import gateway.store.StoreUnavailableException;
import gateway.support.InjectRedisProcess;
import gateway.support.InjectWireMock;
import gateway.support.ManagementPort;
import gateway.support.OwnRedis;
import gateway.support.RedisProcess;
import gateway.support.TestTenants;
import gateway.support.WireMockProfile;
import gateway.tenant.InFlightQuota;
import gateway.tenant.RequestKind;
import gateway.tenant.Tenant;
import gateway.tenant.TenantRateLimiter;
import gateway.tenant.TenantRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.mutiny.Uni;

/**
 * What the gateway does when its Redis hangs, dies or holds a bad record, against a Redis of the test's own: every
 * command has a deadline (the pool is two connections, so requests also wait for one), a job Apiframe accepted is
 * answered and recorded once Redis is back, and a failure whose cleanup fails too is still a 503.
 */
@QuarkusTest
@TestProfile(RedisFaultsTest.OwnFragileRedis.class)
class RedisFaultsTest {

    private static final Duration ANSWER_BOUND = Duration.ofSeconds(3);
    private static final String BODY = "{\"image\":\"https://images.example.com/cat.png\"}";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static class OwnFragileRedis extends WireMockProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("gateway.redis.command-timeout", "1s");
            overrides.put("quarkus.redis.max-pool-size", "2");
            overrides.put("gateway.jobs.timeout", "30s");
            return overrides;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            List<TestResourceEntry> resources = new ArrayList<>(super.testResources());
            resources.add(new TestResourceEntry(OwnRedis.class));
            return resources;
        }
    }

    @InjectWireMock
    WireMockServer wireMock;

    @InjectRedisProcess
    RedisProcess redis;

    @Inject
    ReactiveRedisDataSource data;

    @Inject
    JobStore store;

    @Inject
    IdempotencyStore idempotency;

    @Inject
    PollLeases leases;

    @Inject
    InFlightQuota quota;

    @Inject
    TenantRateLimiter rateLimiter;

    @Inject
    TenantRegistry tenants;

    @TestHTTPResource("/v1/upscales")
    URI upscales;

    private String upstreamId;

    @BeforeEach
    void freshUpstreamJob() {
        wireMock.resetAll();
        upstreamId = UUID.randomUUID().toString();
        answerSubmissions(wireMock, json(202, "{\"jobId\":\"" + upstreamId + "\",\"status\":\"QUEUED\"}"));
        pollSequence(wireMock, upstreamId, job(upstreamId, "PROCESSING", 10, null, null));
    }

    @AfterEach
    void redisIsUpAgain() {
        if (redis.isRunning()) {
            redis.thaw();
        } else {
            redis.start();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> readiness() == 200);
    }

    @Test
    void whileRedisIsFrozenReadsAndSubmissionsAreRefusedFastAndServedAgainOnceItGoesOn() {
        String id = submit(null).then().statusCode(202).extract().path("id");

        redis.freeze();
        long frozenAt = System.nanoTime();
        // more requests than pooled connections: most of them wait for a connection first
        List<CompletableFuture<Timed>> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(timed(HttpRequest.newBuilder(URI.create(upscales + "/" + id)).GET()));
            answers.add(timed(HttpRequest.newBuilder(upscales).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(BODY))));
        }

        for (CompletableFuture<Timed> answer : answers) {
            Timed refused = answer.join();
            assertThat(refused.response().statusCode()).isEqualTo(503);
            assertThat(refused.response().headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(refused.response().body()).contains("\"code\":\"store_unavailable\"");
            assertThat(refused.response().headers().firstValue("Retry-After")).isPresent();
            assertThat(refused.took()).isLessThan(ANSWER_BOUND);
        }
        assertThat(readiness()).isEqualTo(503);
        assertThat(Duration.ofNanos(System.nanoTime() - frozenAt)).isLessThan(ANSWER_BOUND.multipliedBy(2));
        wireMock.verify(1, postRequestedFor(urlEqualTo(SUBMIT_PATH)));

        redis.thaw();

        await().atMost(Duration.ofSeconds(10)).until(() -> submit(null).statusCode() == 202);
        asAcme().get("/v1/upscales/" + id).then().statusCode(200).body("status", equalTo("processing"));
    }

    @Test
    void everyStoreCommandGivesUpAtItsDeadlineWhileRedisIsFrozen() {
        Tenant acme = tenants.byId("acme").orElseThrow();
        Job job = Job.accepted(JobIds.next(), "acme", new UpscaleParameters("https://example.com/a.png", 2, null,
                null, null, null, null, null, null, null, "png"), null, null, upstreamId, java.time.Instant.now());
        redis.freeze();

        Map<String, Uni<?>> commands = new LinkedHashMap<>();
        commands.put("job insert", store.insert(job));
        commands.put("job find", store.find("acme", job.id()));
        commands.put("job update", store.update("acme", job.id(), stored -> stored));
        commands.put("job list", store.list("acme", null, 10, null));
        commands.put("idempotency claim", idempotency.claim("acme", "k-" + job.id(), "digest"));
        commands.put("idempotency complete", idempotency.complete("acme", "k-" + job.id(), job.id()));
        commands.put("idempotency release", idempotency.release("acme", "k-" + job.id()));
        commands.put("lease hold", leases.hold("acme", job.id()));
        commands.put("lease release", leases.release("acme", job.id()));
        commands.put("orphan scan", leases.orphans());
        commands.put("slot reserve", quota.tryReserve(acme, job.id()));
        commands.put("slot release", quota.release("acme", job.id()));
        commands.put("rate limit", rateLimiter.acquire(acme, RequestKind.READ));
        Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        commands.forEach((name, command) -> command.subscribe().with(
                item -> outcomes.put(name, new Outcome(null, Duration.ofNanos(System.nanoTime() - start))),
                failure -> outcomes.put(name, new Outcome(failure, Duration.ofNanos(System.nanoTime() - start)))));

        await().atMost(ANSWER_BOUND.plusSeconds(2)).until(() -> outcomes.size() == commands.size());
        outcomes.forEach((name, outcome) -> {
            assertThat(outcome.failure()).as(name).isInstanceOf(StoreUnavailableException.class);
            assertThat(outcome.took()).as(name).isLessThan(ANSWER_BOUND);
        });
    }

    @Test
    void aClaimAndAReservationThatReachRedisOnlyAfterTheirDeadlineAreUndone() {
        Tenant acme = tenants.byId("acme").orElseThrow();
        String key = "late-" + UUID.randomUUID();
        String jobId = JobIds.next();
        redis.freeze();

        assertFailsWithTheStore(idempotency.claim("acme", key, "digest"));
        assertFailsWithTheStore(quota.tryReserve(acme, jobId));
        redis.thaw();

        await().atMost(Duration.ofSeconds(10)).until(() -> sync(data.key().exists(
                RedisKeys.idempotency("acme", key))) == Boolean.FALSE
                && sync(data.sortedSet(String.class).zscore("gw:{acme}:inflight", jobId)) == null);
        assertThat(sync(idempotency.claim("acme", key, "digest"))).isNull(); // the client's retry may claim it
    }

    @Test
    void aJobApiframeAcceptedWhileRedisDiedIsAnswered202AndRecordedWhenRedisIsBack() {
        answerSubmissions(wireMock, json(202, "{\"jobId\":\"" + upstreamId + "\",\"status\":\"QUEUED\"}")
                .withFixedDelay(1500));
        String key = "dying-" + UUID.randomUUID();
        CompletableFuture<Response> submitted = CompletableFuture.supplyAsync(() -> submit(key));
        await().atMost(Duration.ofSeconds(15)).until(() -> !wireMock.findAll(postRequestedFor(urlEqualTo(SUBMIT_PATH)))
                .isEmpty());

        redis.stop();

        Response accepted = submitted.join();
        accepted.then().statusCode(202).body("status", equalTo("queued"));
        String id = accepted.path("id");
        redis.start();
        pollSequence(wireMock, upstreamId, job(upstreamId, "COMPLETED", 100, "\"https://cdn.example.com/x.png\"",
                null));
        await().atMost(Duration.ofSeconds(20)).until(() -> "completed".equals(
                asAcme().get("/v1/upscales/" + id).then().extract().path("status")));
        Response retried = submit(key);
        retried.then().statusCode(202).header("Idempotent-Replayed", "true").body("id", equalTo(id));
        wireMock.verify(1, postRequestedFor(urlEqualTo(SUBMIT_PATH)));
    }

    @Test
    void aSubmissionThatFailedAndCouldNotCleanUpBecauseRedisDiedIsA503NotA500() {
        answerSubmissions(wireMock, json(402, "{\"error\":\"Insufficient credits\"}")
                .withFixedDelay(1500));
        CompletableFuture<Response> submitted = CompletableFuture.supplyAsync(() -> submit("gone-" + UUID.randomUUID()));
        await().atMost(Duration.ofSeconds(15)).until(() -> !wireMock.findAll(postRequestedFor(urlEqualTo(SUBMIT_PATH)))
                .isEmpty());

        redis.stop();

        submitted.join().then().statusCode(503).contentType("application/problem+json")
                .body("code", equalTo("store_unavailable")).header("Retry-After", org.hamcrest.Matchers.notNullValue());
        redis.start();
    }

    @Test
    void aJobWhoseIdempotencyRecordCouldNotBeCompletedIsStillOneJobForItsRetries() {
        answerSubmissions(wireMock, json(202, "{\"jobId\":\"" + upstreamId + "\",\"status\":\"QUEUED\"}")
                .withFixedDelay(1000));
        String key = "uncompletable-" + UUID.randomUUID();
        String record = RedisKeys.idempotency("acme", key);
        CompletableFuture<Response> submitted = CompletableFuture.supplyAsync(() -> submit(key));
        await().atMost(Duration.ofSeconds(15)).until(() -> !wireMock.findAll(postRequestedFor(urlEqualTo(SUBMIT_PATH)))
                .isEmpty());
        // the claim's record turns into something completing it fails on, while Apiframe creates the job
        sync(data.key().del(record));
        sync(data.value(String.class).set(record, "not a hash"));

        String id = submitted.join().then().statusCode(202).extract().path("id");
        sync(data.key().del(record)); // the claim is gone: the client's retry claims the key again

        Response retried = submit(key);
        retried.then().statusCode(202).body("id", equalTo(id));
        wireMock.verify(1, postRequestedFor(urlEqualTo(SUBMIT_PATH)));
    }

    @Test
    void aJobWhoseStoredFormIsUnreadableStopsBeingPolledFreesItsSlotAndIsNoStoreOutage() {
        String id = submit(null).then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(10)).until(() -> polls() >= 1);

        sync(data.hash(String.class).hset("gw:{acme}:job:" + id, "json", "{\"id\":"));

        await().atMost(Duration.ofSeconds(10)).until(() -> sync(data.sortedSet(String.class)
                .zscore("gw:{acme}:inflight", id)) == null);
        int polled = polls();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> polls() == polled);
        asAcme().get("/v1/upscales/" + id).then().statusCode(500).contentType("application/problem+json")
                .body("code", equalTo("internal_error"));
        asAcme().get("/v1/upscales?limit=100").then().statusCode(200);
    }

    private Response submit(String idempotencyKey) {
        var request = asAcme().contentType(ContentType.JSON).body(BODY);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.post("/v1/upscales");
    }

    private int polls() {
        return wireMock.findAll(getRequestedFor(urlEqualTo(jobPath(upstreamId)))).size();
    }

    private static int readiness() {
        return given().port(ManagementPort.get()).get("/q/health/ready").statusCode();
    }

    private static CompletableFuture<Timed> timed(HttpRequest.Builder request) {
        long start = System.nanoTime();
        return HTTP.sendAsync(request.header("Authorization", "Bearer " + TestTenants.ACME_KEY)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> new Timed(response, Duration.ofNanos(System.nanoTime() - start)));
    }

    private static void assertFailsWithTheStore(Uni<?> command) {
        long start = System.nanoTime();
        try {
            command.await().atMost(ANSWER_BOUND.plusSeconds(2));
            throw new AssertionError("the command succeeded while Redis was frozen");
        } catch (StoreUnavailableException expected) {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(ANSWER_BOUND);
        }
    }

    private static <T> T sync(Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(5));
    }

    private record Timed(HttpResponse<String> response, Duration took) {
    }

    private record Outcome(Throwable failure, Duration took) {
    }
}
