package gateway.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

/** The behaviour every {@link TenantRateLimiter} and {@link InFlightQuota} implementation must show. */
public abstract class TenantLimitsContract {

    protected abstract TenantRateLimiter limiter();

    protected abstract InFlightQuota quota();

    @Test
    void simultaneousRequestsGetExactlyTheBurst() {
        Tenant tenant = tenant(1, 5, 100);

        List<RateLimitState> states = all(20, () -> limiter().acquire(tenant, RequestKind.SUBMISSION));

        assertThat(states).filteredOn(RateLimitState::allowed).hasSize(5);
        assertThat(states).filteredOn(state -> !state.allowed()).allSatisfy(state -> assertThat(state.retryAfter())
                .isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1)));
    }

    @Test
    void reportsTheSubmissionBucketCountingDown() {
        Tenant tenant = tenant(0.5, 3, 100);

        RateLimitState first = limiter().acquire(tenant, RequestKind.SUBMISSION).await().indefinitely();
        RateLimitState read = limiter().acquire(tenant, RequestKind.READ).await().indefinitely();
        RateLimitState second = limiter().acquire(tenant, RequestKind.SUBMISSION).await().indefinitely();

        assertThat(first.remaining()).isEqualTo(2);
        assertThat(first.burst()).isEqualTo(3);
        assertThat(first.window()).isEqualTo(Duration.ofSeconds(6));
        assertThat(first.untilFull()).isEqualTo(Duration.ofSeconds(2));
        assertThat(read.allowed()).isTrue();
        assertThat(read.remaining()).isEqualTo(2);
        assertThat(second.remaining()).isEqualTo(1);
    }

    @Test
    void readsDoNotSpendSubmissions() {
        Tenant tenant = tenant(1, 2, 100);

        all(15, () -> limiter().acquire(tenant, RequestKind.READ));

        assertThat(limiter().acquire(tenant, RequestKind.SUBMISSION).await().indefinitely().allowed()).isTrue();
    }

    @Test
    void tenantsDoNotShareBuckets() {
        Tenant noisy = tenant(1, 1, 100);
        Tenant quiet = tenant(1, 1, 100);
        limiter().acquire(noisy, RequestKind.SUBMISSION).await().indefinitely();

        assertThat(limiter().acquire(noisy, RequestKind.SUBMISSION).await().indefinitely().allowed()).isFalse();
        assertThat(limiter().acquire(quiet, RequestKind.SUBMISSION).await().indefinitely().allowed()).isTrue();
    }

    @Test
    void fiftySimultaneousReservationsAgainstFiveAdmitExactlyFive() {
        Tenant tenant = tenant(100, 100, 5);

        List<Boolean> reserved = all(50, () -> quota().tryReserve(tenant, UUID.randomUUID().toString()));

        assertThat(reserved).filteredOn(Boolean::booleanValue).hasSize(5);
        assertThat(quota().inFlight(tenant.id())).isEqualTo(5);
    }

    @Test
    void aReleasedSlotCanBeTakenAgainAndReleasingTwiceFreesOneSlot() {
        Tenant tenant = tenant(100, 100, 2);
        assertThat(reserve(tenant, "job-1")).isTrue();
        assertThat(reserve(tenant, "job-2")).isTrue();
        assertThat(reserve(tenant, "job-3")).isFalse();

        quota().release(tenant.id(), "job-1").await().indefinitely();
        quota().release(tenant.id(), "job-1").await().indefinitely();

        assertThat(quota().inFlight(tenant.id())).isEqualTo(1);
        assertThat(reserve(tenant, "job-3")).isTrue();
        assertThat(reserve(tenant, "job-4")).isFalse();
    }

    @Test
    void aJobReservingAgainKeepsItsOneSlot() {
        Tenant tenant = tenant(100, 100, 1);
        assertThat(reserve(tenant, "job-1")).isTrue();

        assertThat(reserve(tenant, "job-1")).isTrue();
        assertThat(quota().inFlight(tenant.id())).isEqualTo(1);
    }

    protected boolean reserve(Tenant tenant, String jobId) {
        return quota().tryReserve(tenant, jobId).await().indefinitely();
    }

    protected static Tenant tenant(double perSecond, int burst, int maxInFlight) {
        return new Tenant("t-" + UUID.randomUUID(), "afk_test_contract_key",
                new TenantLimits(perSecond, burst, maxInFlight));
    }

    /** Starts every call before awaiting any, so the implementation sees them together. */
    private static <T> List<T> all(int count, java.util.function.Supplier<Uni<T>> call) {
        List<Uni<T>> calls = IntStream.range(0, count).mapToObj(i -> call.get()).toList();
        return Uni.join().all(calls).andFailFast().await().atMost(Duration.ofSeconds(10));
    }
}
