package gateway.store.redis;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static gateway.support.ApiframeStubs.job;
import static gateway.support.ApiframeStubs.jobPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import gateway.job.Job;
import gateway.job.JobIds;
import gateway.job.JobStatus;
import gateway.job.JobStore;
import gateway.job.UpscaleParameters;
import gateway.support.InjectWireMock;
import gateway.support.WireMockProfile;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * With Redis, one replica polls each in-flight job: this replica leaves alone a job another replica holds, and
 * takes it over once that replica's lease lapses (as when it dies). The test plays the other replica in Redis.
 */
@QuarkusTest
@TestProfile(PollLeaseTest.ShortLeases.class)
class PollLeaseTest {

    public static class ShortLeases extends WireMockProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("gateway.store", "redis");
            overrides.put("gateway.polling.lease", "1500ms");
            overrides.put("gateway.jobs.timeout", "60s");
            return overrides;
        }
    }

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    JobStore store;

    @Inject
    ReactiveRedisDataSource redis;

    private String upstreamId;

    @BeforeEach
    void reset() {
        wireMock.resetAll();
        upstreamId = UUID.randomUUID().toString();
        wireMock.stubFor(get(urlEqualTo(jobPath(upstreamId)))
                .willReturn(job(upstreamId, "COMPLETED", 100, "\"https://cdn.example.com/taken-over.png\"", null)));
    }

    @Test
    void aJobLeasedByAnotherReplicaIsLeftAloneUntilItsLeaseLapsesThenTakenOverAndFinished() {
        // the other replica is alive: it holds the lease and keeps renewing it for a while
        Job job = acceptedElsewhere(3_000);

        await().during(Duration.ofMillis(2_000)).atMost(Duration.ofMillis(2_500))
                .until(() -> wireMock.findAll(getRequestedFor(urlEqualTo(jobPath(upstreamId)))).isEmpty());

        // then it dies: its lease lapses and this replica takes the job over within about a lease
        Job done = await().atMost(Duration.ofSeconds(8)).until(() -> store.find("acme", job.id())
                .await().atMost(Duration.ofSeconds(2)), stored -> stored.isTerminal());
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.images()).containsExactly("https://cdn.example.com/taken-over.png");
    }

    @Test
    void aJobWhosePollerDiedBeforeRenewingIsTakenOver() {
        Job job = acceptedElsewhere(1);

        Job done = await().atMost(Duration.ofSeconds(6)).until(() -> store.find("acme", job.id())
                .await().atMost(Duration.ofSeconds(2)), stored -> stored.isTerminal());

        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(wireMock.findAll(getRequestedFor(urlEqualTo(jobPath(upstreamId))))).isNotEmpty();
    }

    @Test
    void aLapsedLeaseOnAJobGoneFromTheStoreIsForgotten() {
        String jobId = JobIds.next();
        redis.sortedSet(String.class).zadd(RedisKeys.polled("acme"), Instant.now().toEpochMilli(), jobId)
                .await().atMost(Duration.ofSeconds(2));

        await().atMost(Duration.ofSeconds(6)).until(() -> redis.sortedSet(String.class)
                .zscore(RedisKeys.polled("acme"), jobId).await().atMost(Duration.ofSeconds(2)) == null);
        assertThat(wireMock.getAllServeEvents()).isEmpty();
    }

    /** A job another replica accepted and holds the lease on for the given time, as its JobWatcher does. */
    private Job acceptedElsewhere(long leaseMillis) {
        Job job = Job.accepted(JobIds.next(), "acme", new UpscaleParameters("https://example.com/a.png", 2, null, null,
                null, null, null, null, null, null, "png"), null, null, upstreamId, Instant.now());
        store.insert(job).await().atMost(Duration.ofSeconds(2));
        redis.hash(String.class).hset(RedisKeys.leases("acme"), job.id(), "other-replica")
                .await().atMost(Duration.ofSeconds(2));
        redis.sortedSet(String.class).zadd(RedisKeys.polled("acme"),
                Instant.now().toEpochMilli() + leaseMillis, job.id()).await().atMost(Duration.ofSeconds(2));
        return job;
    }
}
