package gateway.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

/** What every {@link IdempotencyStore} promises. Each test works in tenants of its own. */
public abstract class IdempotencyStoreContract {

    /** The store under test, on the system clock. */
    protected abstract IdempotencyStore store();

    protected String tenant;
    protected String otherTenant;

    @BeforeEach
    void pickFreshTenants() {
        tenant = "acme-" + UUID.randomUUID();
        otherTenant = "globex-" + UUID.randomUUID();
    }

    @Test
    void firstClaimWinsAndLaterClaimsSeeIt() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        assertThat(await(store().claim(tenant, "key-1", "digest-a"))).isNull();
        Instant after = Instant.now();

        IdempotencyRecord held = await(store().claim(tenant, "key-1", "digest-b"));

        assertThat(held.requestDigest()).isEqualTo("digest-a");
        assertThat(held.isInProgress()).isTrue();
        assertThat(held.jobId()).isNull();
        assertThat(held.createdAt()).isBetween(before, after);
        assertThat(await(store().claim(tenant, "key-1", "digest-a"))).isEqualTo(held);
    }

    @Test
    void concurrentClaimsOfOneKeyHaveExactlyOneWinner() throws Exception {
        int claimants = 16;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(claimants);
        List<IdempotencyRecord> answers = new ArrayList<>();
        try {
            List<Future<IdempotencyRecord>> claims = new ArrayList<>();
            for (int i = 0; i < claimants; i++) {
                String digest = "digest-" + i;
                claims.add(pool.submit(() -> {
                    start.await();
                    return await(store().claim(tenant, "contended", digest));
                }));
            }
            start.countDown();
            for (Future<IdempotencyRecord> claim : claims) {
                answers.add(claim.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(answers).filteredOn(answer -> answer == null).hasSize(1);
        IdempotencyRecord winner = await(store().claim(tenant, "contended", "late"));
        assertThat(answers).filteredOn(answer -> answer != null).hasSize(claimants - 1)
                .allSatisfy(answer -> assertThat(answer).isEqualTo(winner));
    }

    @Test
    void completeRecordsTheJob() {
        await(store().claim(tenant, "key-1", "digest-a"));
        IdempotencyRecord claimed = await(store().claim(tenant, "key-1", "digest-a"));

        await(store().complete(tenant, "key-1", "job-1"));
        IdempotencyRecord completed = await(store().claim(tenant, "key-1", "digest-b"));

        assertThat(completed.jobId()).isEqualTo("job-1");
        assertThat(completed.isInProgress()).isFalse();
        assertThat(completed.requestDigest()).isEqualTo("digest-a");
        assertThat(completed.createdAt()).isEqualTo(claimed.createdAt());
    }

    @Test
    void releaseLetsTheKeyBeClaimedAgain() {
        await(store().claim(tenant, "key-1", "digest-a"));

        await(store().release(tenant, "key-1"));

        assertThat(await(store().claim(tenant, "key-1", "digest-b"))).isNull();
        assertThat(await(store().claim(tenant, "key-1", "digest-c")).requestDigest()).isEqualTo("digest-b");
    }

    @Test
    void completingAReleasedClaimBringsNothingBack() {
        await(store().claim(tenant, "key-1", "digest-a"));
        await(store().release(tenant, "key-1"));

        await(store().complete(tenant, "key-1", "job-1"));

        assertThat(await(store().claim(tenant, "key-1", "digest-b"))).isNull();
    }

    @Test
    void keysBelongToOneTenant() {
        await(store().claim(tenant, "key-1", "digest-a"));
        await(store().complete(otherTenant, "key-1", "job-x"));
        await(store().release(otherTenant, "key-1"));

        assertThat(await(store().claim(otherTenant, "key-1", "digest-b"))).isNull();
        IdempotencyRecord mine = await(store().claim(tenant, "key-1", "digest-c"));
        assertThat(mine.requestDigest()).isEqualTo("digest-a");
        assertThat(mine.jobId()).isNull();
    }

    @Test
    void keysMayHoldAnyVisibleAscii() {
        String odd = "}{*?[a-z]\\ ~!\"#$%&'()+,-./:;<=>@^_`|";

        assertThat(await(store().claim(tenant, odd, "digest-a"))).isNull();
        assertThat(await(store().claim(tenant, odd + "x", "digest-b"))).isNull();

        assertThat(await(store().claim(tenant, odd, "digest-c")).requestDigest()).isEqualTo("digest-a");
    }

    protected static <T> T await(Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(10));
    }
}
