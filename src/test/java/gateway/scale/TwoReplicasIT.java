package gateway.scale;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static gateway.support.ApiframeStubs.SUBMIT_PATH;
import static gateway.support.ApiframeStubs.acceptSubmissions;
import static gateway.support.ApiframeStubs.complete;
import static gateway.support.ApiframeStubs.jobPath;
import static gateway.support.ApiframeStubs.json;
import static gateway.support.ApiframeStubs.keepProcessing;
import static gateway.support.ApiframeStubs.polls;
import static gateway.support.ProcessConfig.POLL_INITIAL_DELAY;
import static gateway.support.ProcessConfig.POLL_MAX_INTERVAL;
import static gateway.support.ProcessConfig.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.oneOf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import gateway.support.GatewayProcess;
import gateway.support.ProcessConfig;
import gateway.support.RedisProcess;
import gateway.support.SseClient;
import io.restassured.response.Response;

/**
 * Two gateway jars on one Redis behave as one gateway: a job submitted on one is read, listed and streamed on the
 * other; a tenant's burst and in-flight cap hold across both; each job is polled by one replica; when the polling
 * replica is killed the other finishes its jobs; without Redis both fail closed, and both recover when it returns.
 * WireMock plays Apiframe, so the test sees every upstream call.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoReplicasIT {

    private static final Duration LEASE = Duration.ofSeconds(2);

    private static WireMockServer apiframe;
    private static RedisProcess redis;
    private static GatewayProcess a;
    private static GatewayProcess b;

    private String upstreamId;

    @BeforeAll
    static void startReplicas() throws IOException {
        Path logs = Files.createDirectories(Path.of("target", "two-replicas"));
        apiframe = new WireMockServer(wireMockConfig().dynamicPort().containerThreads(20));
        apiframe.start();
        redis = RedisProcess.start(logs.resolve("redis"));
        Map<String, String> config = config(apiframe.baseUrl(), redis.url());
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

    @BeforeEach
    void freshUpstreamJob() {
        apiframe.resetAll();
        upstreamId = UUID.randomUUID().toString();
        acceptSubmissions(apiframe, upstreamId);
        keepProcessing(apiframe, upstreamId);
    }

    @Test
    @Order(1)
    void aJobSubmittedOnOneReplicaIsReadListedAndStreamedOnTheOther() {
        String id = a.submitAs("shared").then().statusCode(202).extract().path("id");

        b.as("shared").get("/v1/upscales/" + id).then().statusCode(200).body("status", oneOf("queued", "processing"));
        assertThat(b.as("shared").get("/v1/upscales?limit=100").then().statusCode(200).extract()
                .<List<String>>path("items.id")).contains(id);
        SseClient stream = SseClient.open(b.url() + "/v1/upscales/" + id + "/events", key("shared"), null);
        await().atMost(Duration.ofSeconds(15)).until(() -> names(stream).contains("processing"));

        complete(apiframe, upstreamId);

        await().atMost(Duration.ofSeconds(20)).until(stream::hasEnded);
        assertThat(names(stream)).endsWith("processing", "completed").doesNotHaveDuplicates();
        assertThat(stream.events()).extracting(SseClient.Event::id).doesNotHaveDuplicates();
        // a client that saw the first event on B resumes on A with only what is newer
        SseClient resumed = SseClient.open(a.url() + "/v1/upscales/" + id + "/events", key("shared"),
                stream.events().get(0).id());
        await().atMost(Duration.ofSeconds(15)).until(resumed::hasEnded);
        assertThat(names(resumed)).containsExactly("completed");
        a.as("shared").get("/v1/upscales/" + id).then().statusCode(200).body("status", equalTo("completed"))
                .body("result.images[0]", equalTo("https://cdn.example.com/" + upstreamId + ".png"));
    }

    @Test
    @Order(2)
    void aTenantsBurstIsSharedByBothReplicas() {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            statuses.add((i % 2 == 0 ? a : b).submitAs("pair").statusCode());
        }

        // burst 2, refilling one token every 1000 s: two submissions in all, whichever replica took them
        assertThat(statuses).containsExactly(202, 202, 429, 429, 429, 429);
        apiframe.verify(2, postRequestedFor(urlEqualTo(SUBMIT_PATH)));
        b.submitAs("pair").then().statusCode(429).body("code", equalTo("rate_limited"))
                .header("Retry-After", notNullValue());
    }

    @Test
    @Order(3)
    void aTenantsInFlightCapIsSharedByBothReplicasAndAFinishedJobFreesItsSlotForBoth() {
        a.submitAs("duo").then().statusCode(202);
        b.submitAs("duo").then().statusCode(202);

        a.submitAs("duo").then().statusCode(429).body("code", equalTo("too_many_in_flight"));
        b.submitAs("duo").then().statusCode(429).body("code", equalTo("too_many_in_flight"));
        apiframe.verify(2, postRequestedFor(urlEqualTo(SUBMIT_PATH)));

        complete(apiframe, upstreamId); // both jobs share the upstream id here, so both end
        await().atMost(Duration.ofSeconds(20)).until(() -> b.submitAs("duo").statusCode() == 202);
    }

    @Test
    @Order(4)
    void eachJobIsPolledByOneReplicaOnly() {
        List<String> upstreamIds = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        Instant submitted = Instant.now();
        for (int i = 0; i < 6; i++) {
            String upstream = UUID.randomUUID().toString();
            upstreamIds.add(upstream);
            keepProcessing(apiframe, upstream);
            apiframe.stubFor(post(urlEqualTo(SUBMIT_PATH)).willReturn(json(202,
                    "{\"jobId\":\"" + upstream + "\",\"status\":\"QUEUED\"}")));
            ids.add((i % 2 == 0 ? a : b).submitAs("shared").then().statusCode(202).extract().path("id"));
        }
        // both replicas are up and following every job (each streams half of them) until the polls reach their
        // longest interval
        List<SseClient> streams = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            GatewayProcess replica = i % 2 == 0 ? b : a;
            streams.add(SseClient.open(replica.url() + "/v1/upscales/" + ids.get(i) + "/events", key("shared"),
                    null));
        }
        await().atMost(Duration.ofSeconds(20))
                .until(() -> upstreamIds.stream().allMatch(id -> polls(apiframe, id) >= 8));
        upstreamIds.forEach(upstream -> complete(apiframe, upstream));
        await().atMost(Duration.ofSeconds(20)).until(() -> streams.stream().allMatch(SseClient::hasEnded));
        Duration followed = Duration.between(submitted, Instant.now());

        int mostBySinglePoller = mostPollsBySinglePoller(followed);
        for (String upstream : upstreamIds) {
            List<LoggedRequest> polls = apiframe.findAll(getRequestedFor(urlEqualTo(jobPath(upstream))));
            // two pollers would make about twice as many
            assertThat(polls).hasSizeLessThanOrEqualTo(mostBySinglePoller);
        }
    }

    @Test
    @Order(5)
    void whenThePollingReplicaIsKilledTheOtherTakesItsJobOverAndFinishesIt() {
        // A accepted the job, so A holds its lease and polls it
        String id = a.submitAs("shared").then().statusCode(202).extract().path("id");
        SseClient stream = SseClient.open(b.url() + "/v1/upscales/" + id + "/events", key("shared"), null);
        await().atMost(Duration.ofSeconds(15)).until(() -> polls(apiframe, upstreamId) >= 2);

        a.kill();
        Instant killed = Instant.now();
        int pollsBeforeTakeover = polls(apiframe, upstreamId);
        // B polls it once A's lease lapses: within the lease plus one orphan scan (a third of the lease)
        await().atMost(LEASE.multipliedBy(2).plusSeconds(4))
                .until(() -> polls(apiframe, upstreamId) > pollsBeforeTakeover);
        Duration takeover = Duration.between(killed, Instant.now());
        complete(apiframe, upstreamId);

        await().atMost(Duration.ofSeconds(20)).until(stream::hasEnded);
        assertThat(names(stream)).endsWith("completed");
        assertThat(takeover).isGreaterThan(Duration.ofMillis(500));
        b.as("shared").get("/v1/upscales/" + id).then().statusCode(200)
                .body("status", equalTo("completed"));
        a.start();
    }

    @Test
    @Order(6)
    void withoutRedisBothReplicasFailClosedAndBothRecoverWhenItReturnsFinishingTheJobsInFlight() {
        String inFlight = a.submitAs("shared").then().statusCode(202).extract().path("id");
        SseClient stream = SseClient.open(b.url() + "/v1/upscales/" + inFlight + "/events", key("shared"), null);
        await().atMost(Duration.ofSeconds(15)).until(() -> names(stream).contains("processing"));

        redis.stop();

        await().atMost(Duration.ofSeconds(15)).until(() -> a.readiness() == 503 && b.readiness() == 503);
        for (GatewayProcess replica : List.of(a, b)) {
            Response refused = replica.submitAs("shared");
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.<String>path("code")).isEqualTo("store_unavailable");
            assertThat(refused.header("Retry-After")).isNotBlank();
        }
        apiframe.verify(1, postRequestedFor(urlEqualTo(SUBMIT_PATH))); // only the job submitted before
        complete(apiframe, upstreamId); // Apiframe finishes the job while the gateway cannot record it

        redis.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> a.readiness() == 200 && b.readiness() == 200);
        // the job in flight across the outage ends, and B's stream, still open, receives its end
        await().atMost(Duration.ofSeconds(15)).until(stream::hasEnded);
        assertThat(names(stream)).endsWith("completed");
        b.as("shared").get("/v1/upscales/" + inFlight).then().statusCode(200).body("status", equalTo("completed"));
        // and new work flows again, across replicas
        String id = a.submitAs("shared").then().statusCode(202).extract().path("id");
        SseClient next = SseClient.open(b.url() + "/v1/upscales/" + id + "/events", key("shared"), null);
        await().atMost(Duration.ofSeconds(20)).until(next::hasEnded);
        assertThat(names(next)).endsWith("completed");
    }

    private static Map<String, String> config(String apiframeUrl, String redisUrl) {
        Map<String, String> config = ProcessConfig.redisReplica(apiframeUrl, redisUrl, LEASE);
        config.put("gateway.sse.heartbeat", "1s");
        ProcessConfig.tenant(config, "shared", "1000", "1000", "1000");
        ProcessConfig.tenant(config, "pair", "0.001", "2", "1000");
        ProcessConfig.tenant(config, "duo", "1000", "1000", "2");
        return config;
    }

    /** How many polls one poller makes in this time: the interval starts at the initial delay and grows to the max. */
    private static int mostPollsBySinglePoller(Duration time) {
        int polls = 0;
        double interval = POLL_INITIAL_DELAY.toMillis();
        for (double at = interval; at <= time.toMillis(); at += interval) {
            polls++;
            interval = Math.min(interval * 1.5, POLL_MAX_INTERVAL.toMillis());
        }
        return polls + 1;
    }

    private static List<String> names(SseClient stream) {
        return stream.events().stream().map(SseClient.Event::name).toList();
    }
}
