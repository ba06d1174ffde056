package gateway.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import gateway.config.GatewayConfig;
import gateway.job.Job;
import gateway.job.JobPage;
import gateway.job.JobStatus;
import gateway.job.JobStore;
import gateway.job.JobStoreContract;
import gateway.job.JobUpdate;
import gateway.job.UnreadableJobException;
import gateway.support.MutableClock;
import gateway.support.TestConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;

/** The job store contract against the Redis at {@code quarkus.redis.hosts}, plus what only Redis has: keys and TTLs. */
@QuarkusTest
class RedisJobStoreContractTest extends JobStoreContract {

    @Inject
    RedisJobStore store;

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    RedisCommands commands;

    @Inject
    RedisPollLeases leases;

    @Inject
    ObjectMapper json;

    @Inject
    GatewayConfig config;

    @ConfigProperty(name = "quarkus.redis.hosts")
    String redisHosts;

    @Override
    protected JobStore store() {
        return store;
    }

    @Override
    protected JobStore storeWith(Duration retention, Clock clock) {
        GatewayConfig shortLived = TestConfig.gateway(Map.of("gateway.jobs.retention", retention.toString()));
        return new RedisJobStore(commands, leases, json, shortLived, clock);
    }

    @AfterEach
    void deleteTheTenantsKeys() {
        for (String tenantId : new String[] { tenant, otherTenant }) {
            for (String key : await(redis.key().keys("gw:{" + tenantId + "}:*"))) {
                await(redis.key().del(key));
            }
        }
    }

    @Test
    void keepsEachJobInAHashTaggedKeyForTheRetention() {
        await(store.insert(job("a", tenant, now)));

        long retention = config.jobs().retention().toMillis();
        assertThat(await(redis.key().pttl("gw:{" + tenant + "}:job:a")))
                .isBetween(retention - 10_000, retention);
        assertThat(await(redis.key().pttl("gw:{" + tenant + "}:jobs")))
                .isBetween(retention - 10_000, retention);
        assertThat(await(redis.hash(String.class).hget("gw:{" + tenant + "}:job:a", "seq"))).isEqualTo("1");
    }

    @Test
    void insertTakesTheJobsPollLeaseForThisReplicaInTheSameStep() {
        long before = System.currentTimeMillis();

        await(store.insert(job("a", tenant, now)));

        assertThat(await(redis.hash(String.class).hget(RedisKeys.leases(tenant), "a")))
                .isEqualTo(leases.replica());
        long lease = config.polling().lease().toMillis();
        assertThat(await(redis.sortedSet(String.class).zscore(RedisKeys.polled(tenant), "a")))
                .isBetween(before + lease - 1_000.0, System.currentTimeMillis() + lease + 1_000.0);
    }

    @Test
    void anUnreadableStoredJobIsAnErrorOfThatJobNotOfTheStore() {
        await(store.insert(job("a", tenant, now)));
        await(store.insert(job("b", tenant, now.plusSeconds(1))));
        await(redis.hash(String.class).hset("gw:{" + tenant + "}:job:a", "json", "{\"id\":\"a\",\"status\":7"));

        assertThatThrownBy(() -> await(store.find(tenant, "a"))).isInstanceOf(UnreadableJobException.class)
                .hasMessageContaining("a").hasMessageContaining(tenant);
        assertThatThrownBy(() -> await(store.update(tenant, "a", job -> job.advance(JobUpdate.failed("x", "y"), now))))
                .isInstanceOf(UnreadableJobException.class);
        assertThat(ids(await(store.list(tenant, null, 10, null)))).containsExactly("b");
    }

    @Test
    void updateKeepsTheJobsTtl() {
        await(store.insert(job("a", tenant, now)));
        await(redis.key().pexpire("gw:{" + tenant + "}:job:a", Duration.ofMinutes(5)));

        await(store.update(tenant, "a", job -> job.advance(JobUpdate.failed("x", "y"), now)));

        assertThat(await(redis.key().pttl("gw:{" + tenant + "}:job:a"))).isBetween(1L, 300_000L);
        assertThat(await(redis.hash(String.class).hget("gw:{" + tenant + "}:job:a", "seq"))).isEqualTo("2");
    }

    @Test
    void insertTrimsIndexEntriesOlderThanTheRetention() {
        MutableClock clock = new MutableClock(now);
        JobStore shortLived = storeWith(Duration.ofHours(1), clock);
        await(shortLived.insert(job("old", tenant, now)));
        clock.advance(Duration.ofMinutes(61));

        await(shortLived.insert(job("new", tenant, clock.instant())));

        assertThat(await(redis.sortedSet(String.class).zrange("gw:{" + tenant + "}:jobs", 0, -1)))
                .containsExactly("new");
    }

    @Test
    void listingSkipsJobsWhoseKeyExpired() {
        for (int i = 0; i < 3; i++) {
            await(store.insert(job("job-" + i, tenant, now.plusSeconds(i))));
        }
        await(redis.key().del("gw:{" + tenant + "}:job:job-1"));

        JobPage first = await(store.list(tenant, null, 1, null));
        JobPage rest = await(store.list(tenant, null, 1, first.next()));

        assertThat(ids(first)).containsExactly("job-2");
        assertThat(ids(rest)).containsExactly("job-0");
        assertThat(rest.next()).isNull();
    }

    @Test
    void updateRetriesWhenAnotherWriterCameBetween() {
        await(store.insert(job("a", tenant, now)));
        AtomicInteger calls = new AtomicInteger();

        Job updated = await(store.update(tenant, "a", job -> {
            if (calls.incrementAndGet() == 1) {
                interfere("HSET", "gw:{" + tenant + "}:job:a", "seq", "7");
            }
            return job.advance(JobUpdate.failed("x", "y"), now);
        }));

        assertThat(calls).hasValue(2);
        assertThat(updated.status()).isEqualTo(JobStatus.FAILED);
        assertThat(await(redis.hash(String.class).hget("gw:{" + tenant + "}:job:a", "seq")))
                .isEqualTo(Long.toString(updated.seq()));
    }

    @Test
    void updateGivesUpWhenTheJobNeverStopsChanging() {
        await(store.insert(job("a", tenant, now)));
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> await(store.update(tenant, "a", job -> {
            interfere("HINCRBY", "gw:{" + tenant + "}:job:a", "seq", "1");
            calls.incrementAndGet();
            return job.advance(JobUpdate.failed("x", "y"), now);
        }))).isInstanceOf(RedisJobStore.UpdateConflictException.class);

        assertThat(calls).hasValue(RedisJobStore.MAX_UPDATE_ATTEMPTS);
        assertThat(await(store.find(tenant, "a")).status()).isEqualTo(JobStatus.QUEUED);
    }

    @Test
    void refusesAChangeThatDoesNotRaiseTheSeq() {
        await(store.insert(job("a", tenant, now)));

        assertThatThrownBy(() -> await(store.update(tenant, "a", job -> new Job(job.id(), job.tenantId(),
                JobStatus.FAILED, null, job.createdAt(), now, now, job.request(), null, null, null,
                job.upstreamJobId(), job.seq(), null)))).isInstanceOf(IllegalStateException.class);
        assertThat(await(store.find(tenant, "a")).status()).isEqualTo(JobStatus.QUEUED);
    }

    /**
     * Sends one command on a connection of its own and waits for the reply: a writer racing the store from inside a
     * change, which runs on the event loop where the reactive client cannot be awaited.
     */
    private void interfere(String... command) {
        URI address = URI.create(redisHosts.split(",")[0].trim());
        StringBuilder request = new StringBuilder("*").append(command.length).append("\r\n");
        for (String part : command) {
            request.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(part)
                    .append("\r\n");
        }
        try (Socket socket = new Socket(address.getHost(), address.getPort())) {
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
            assertThat((char) socket.getInputStream().read()).as("reply type").isNotEqualTo('-');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
