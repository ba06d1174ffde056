package gateway.store.redis;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static gateway.support.ApiframeStubs.acceptSubmissions;
import static gateway.support.ApiframeStubs.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import gateway.job.Job;
import gateway.job.JobStatus;
import gateway.job.JobStore;
import gateway.job.JobUpdate;
import gateway.support.InjectWireMock;
import gateway.support.JobRequests;
import gateway.support.SseClient;
import gateway.support.TestTenants;
import gateway.support.WireMockProfile;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * With Redis, a change made on another replica reaches this replica's SSE clients through {@code gw:events}: the
 * test plays the other replica by writing the change to the shared store and publishing it, as its announcer would.
 */
@QuarkusTest
@TestProfile(CrossReplicaEventsTest.OnRedis.class)
class CrossReplicaEventsTest {

    public static class OnRedis extends WireMockProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("gateway.store", "redis");
            return overrides;
        }
    }

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    JobStore store;

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    ObjectMapper json;

    @TestHTTPResource("/")
    String baseUrl;

    @Test
    void aChangeAnnouncedByAnotherReplicaReachesThisReplicasStream() throws Exception {
        String upstreamId = UUID.randomUUID().toString();
        acceptSubmissions(wireMock, upstreamId);
        wireMock.stubFor(get(urlPathMatching("/v2/jobs/.*")).willReturn(job(upstreamId, "PROCESSING", 10, null, null)));
        String jobId = JobRequests.submitAsAcme();
        SseClient stream = SseClient.open(baseUrl + "v1/upscales/" + jobId + "/events", TestTenants.ACME_KEY, null);
        await().atMost(Duration.ofSeconds(5)).until(() -> !stream.events().isEmpty());
        assertThat(redis.key().exists("gw:{acme}:job:" + jobId).await().atMost(Duration.ofSeconds(5))).isTrue();

        Job done = store.update("acme", jobId, current -> current.advance(new JobUpdate(JobStatus.COMPLETED, 100,
                List.of("https://cdn.example.com/elsewhere.png"), null), Instant.now()))
                .await().atMost(Duration.ofSeconds(5));
        redis.pubsub(String.class).publish(RedisKeys.EVENTS, json.writeValueAsString(done))
                .await().atMost(Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(5)).until(stream::hasEnded);
        SseClient.Event last = stream.events().get(stream.events().size() - 1);
        assertThat(last.name()).isEqualTo("completed");
        assertThat(last.id()).isEqualTo(Long.toString(done.seq()));
        assertThat(last.data()).contains("elsewhere.png");
    }
}
