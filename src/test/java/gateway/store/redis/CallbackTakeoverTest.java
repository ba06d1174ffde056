package gateway.store.redis;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static gateway.support.TestTenants.asAcme;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.standardwebhooks.Webhook;

import gateway.callback.JobJson;
import gateway.job.Job;
import gateway.job.JobCallback;
import gateway.job.JobIds;
import gateway.job.JobStatus;
import gateway.job.JobStore;
import gateway.job.JobUpdate;
import gateway.job.UpscaleParameters;
import gateway.support.CallbackProfile;
import gateway.support.CallbackReceiver;
import gateway.support.InjectCallbackReceiver;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * With Redis, a delivery outlives the replica making it: a delivery another replica claimed and never settled (it
 * died, or was restarted, mid-attempt) is made by this one once the claim lapses, under the same webhook-id and with
 * the same body, and not before. The test plays the other replica in Redis.
 */
@QuarkusTest
@TestProfile(CallbackTakeoverTest.SharedQueue.class)
class CallbackTakeoverTest {

    public static class SharedQueue extends CallbackProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("gateway.store", "redis");
            return overrides;
        }
    }

    private static final String PATH = "/hooks/takeover";

    @InjectCallbackReceiver
    WireMockServer receiver;

    @Inject
    JobStore store;

    @Inject
    JobJson jobJson;

    @Inject
    ReactiveRedisDataSource redis;

    @BeforeEach
    void reset() {
        receiver.resetAll();
        receiver.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200)));
    }

    @Test
    void aDeliveryWhoseReplicaDiedMidAttemptIsMadeByAnotherUnderTheSameWebhookId() throws Exception {
        Job job = completedElsewhere();
        String body = jobJson.of(job);

        claimedElsewhere(job, body, Instant.now().minusMillis(1)); // the claim lapsed already

        LoggedRequest delivery = await().atMost(Duration.ofSeconds(5))
                .until(() -> receiver.findAll(postRequestedFor(urlEqualTo(PATH))), list -> !list.isEmpty()).get(0);
        assertThat(delivery.getHeader("webhook-id")).isEqualTo(job.id() + "." + job.seq());
        assertThat(delivery.getBodyAsString()).isEqualTo(body);
        new Webhook(CallbackReceiver.ACME_SECRET).verify(delivery.getBodyAsString(), headers(delivery));
        String status = await().atMost(Duration.ofSeconds(5)).until(() -> asAcme().get("/v1/upscales/" + job.id())
                .path("callback.status"), "delivered"::equals);
        assertThat(status).isEqualTo("delivered");
        assertThat(asAcme().get("/v1/upscales/" + job.id()).path("callback.attempts").toString()).isEqualTo("2");
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.hash(String.class)
                .hget(RedisKeys.callbacks("acme"), job.id() + ":seq").await().atMost(Duration.ofSeconds(2)) == null);
    }

    @Test
    void aDeliveryAnotherReplicaHoldsIsLeftAloneUntilItsClaimLapses() {
        Job job = completedElsewhere();

        claimedElsewhere(job, jobJson.of(job), Instant.now().plusMillis(2_000));

        await().during(Duration.ofMillis(1_500)).atMost(Duration.ofMillis(1_900))
                .until(() -> receiver.findAll(postRequestedFor(urlEqualTo(PATH))).isEmpty());
        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.findAll(postRequestedFor(urlEqualTo(PATH)))
                .size() == 1);
    }

    /** A job with a callback that another replica stored as completed, its callback pending for that change. */
    private Job completedElsewhere() {
        Instant now = Instant.now();
        JobCallback callback = JobCallback.requested("http://localhost:" + receiver.port() + PATH,
                JobCallback.TERMINAL_EVENTS);
        Job job = Job.accepted(JobIds.next(), "acme", new UpscaleParameters("https://example.com/a.png", 2, null,
                null, null, null, null, null, null, null, "png"), null, callback, "up-takeover", now)
                .advance(new JobUpdate(JobStatus.COMPLETED, 100, List.of("https://cdn.example.com/t.png"), null), now);
        assertThat(job.hasCallbackDue()).isTrue();
        store.insert(job).await().atMost(Duration.ofSeconds(2));
        return job;
    }

    /** The delivery as the other replica queued and claimed it (one attempt counted), held until {@code until}. */
    private void claimedElsewhere(Job job, String body, Instant until) {
        String id = job.id();
        redis.hash(String.class).hset(RedisKeys.callbacks("acme"), Map.of(id + ":seq", Long.toString(job.seq()),
                id + ":url", job.callback().url(), id + ":body", body, id + ":attempts", "1"))
                .await().atMost(Duration.ofSeconds(2));
        redis.sortedSet(String.class).zadd(RedisKeys.callbacksQueued("acme"), Instant.now().toEpochMilli(), id)
                .await().atMost(Duration.ofSeconds(2));
        redis.sortedSet(String.class).zadd(RedisKeys.callbacksDue("acme"), until.toEpochMilli(), id)
                .await().atMost(Duration.ofSeconds(2));
    }

    private static Map<String, List<String>> headers(LoggedRequest request) {
        return request.getHeaders().all().stream().collect(Collectors.toMap(HttpHeader::key, HttpHeader::values));
    }
}
