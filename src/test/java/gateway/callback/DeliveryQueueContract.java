package gateway.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

/**
 * What every delivery queue does, in memory and in Redis: one delivery per job, the newest change winning; a claim
 * holds a delivery for one attempt and lapses; a settled change leaves a newer one due at once; a tenant's queue is
 * capped. Implementations are made with a cap of two per tenant.
 */
public abstract class DeliveryQueueContract {

    protected static final int MAX_PER_TENANT = 2;
    private static final Duration HOLD = Duration.ofMillis(400);
    private static final Duration LONG_HOLD = Duration.ofSeconds(30);

    protected final String tenant = "cbq-" + UUID.randomUUID();
    protected final String otherTenant = "cbq-" + UUID.randomUUID();

    /** A queue capped at {@link #MAX_PER_TENANT} deliveries per tenant. */
    protected abstract DeliveryQueue queue();

    @Test
    void aQueuedDeliveryIsClaimedForOneAttemptAndAgainOnceTheHoldLapses() {
        assertThat(result(queue().offer(delivery("job-a", 2, "first")))).isTrue();

        DeliveryClaim first = result(queue().claim(tenant, 10, HOLD));
        assertThat(first.deliveries()).singleElement().satisfies(claimed -> {
            assertThat(claimed.delivery()).isEqualTo(delivery("job-a", 2, "first"));
            assertThat(claimed.attempt()).isEqualTo(1);
        });
        assertThat(result(queue().claim(tenant, 10, HOLD)).deliveries()).as("held").isEmpty();

        ClaimedDelivery again = await().atMost(Duration.ofSeconds(5))
                .until(() -> result(queue().claim(tenant, 10, HOLD)).deliveries(), list -> !list.isEmpty()).get(0);
        assertThat(again.delivery().eventId()).isEqualTo("job-a.2");
        assertThat(again.attempt()).isEqualTo(2);
    }

    @Test
    void aNewerChangeReplacesTheQueuedOneAndAnOlderOneChangesNothing() {
        result(queue().offer(delivery("job-a", 2, "older")));
        assertThat(result(queue().offer(delivery("job-a", 3, "newer")))).isTrue();
        assertThat(result(queue().offer(delivery("job-a", 2, "older")))).isTrue();

        DeliveryClaim claim = result(queue().claim(tenant, 10, LONG_HOLD));

        assertThat(claim.deliveries()).extracting(ClaimedDelivery::delivery)
                .containsExactly(delivery("job-a", 3, "newer"));
    }

    @Test
    void settlingAReplacedChangeLeavesTheNewerOneDueAtOnce() {
        result(queue().offer(delivery("job-a", 2, "older")));
        result(queue().claim(tenant, 10, LONG_HOLD));
        result(queue().offer(delivery("job-a", 3, "newer")));
        assertThat(result(queue().claim(tenant, 10, LONG_HOLD)).deliveries()).as("still held").isEmpty();

        result(queue().done(tenant, "job-a", 2));

        assertThat(result(queue().claim(tenant, 10, LONG_HOLD)).deliveries()).extracting(ClaimedDelivery::delivery)
                .containsExactly(delivery("job-a", 3, "newer"));
    }

    @Test
    void aDoneDeliveryLeavesTheQueue() {
        result(queue().offer(delivery("job-a", 2, "body")));
        result(queue().claim(tenant, 10, Duration.ofMillis(1)));

        result(queue().done(tenant, "job-a", 2));

        await().during(Duration.ofMillis(300)).until(() -> result(queue().claim(tenant, 10, HOLD)).deliveries()
                .isEmpty());
        assertThat(result(queue().claim(tenant, 10, HOLD)).oldestAge()).isEqualTo(Duration.ZERO);
    }

    @Test
    void aRetriedDeliveryIsDueAfterItsDelay() {
        result(queue().offer(delivery("job-a", 2, "body")));
        result(queue().claim(tenant, 10, LONG_HOLD));

        result(queue().retryAfter(tenant, "job-a", 2, Duration.ofMillis(300)));

        assertThat(result(queue().claim(tenant, 10, LONG_HOLD)).deliveries()).isEmpty();
        ClaimedDelivery retried = await().atMost(Duration.ofSeconds(5))
                .until(() -> result(queue().claim(tenant, 10, LONG_HOLD)).deliveries(), list -> !list.isEmpty()).get(0);
        assertThat(retried.attempt()).isEqualTo(2);
    }

    @Test
    void aClaimTakesAtMostWhatItAsksForAndReportsTheOldestWait() {
        result(queue().offer(delivery("job-a", 2, "a")));
        result(queue().offer(delivery("job-b", 2, "b")));
        await().pollDelay(Duration.ofMillis(50)).until(() -> true);

        DeliveryClaim claim = result(queue().claim(tenant, 1, LONG_HOLD));

        assertThat(claim.deliveries()).hasSize(1);
        assertThat(claim.oldestAge()).isGreaterThanOrEqualTo(Duration.ofMillis(50)).isLessThan(Duration.ofSeconds(10));
        assertThat(result(queue().claim(tenant, 10, LONG_HOLD)).deliveries()).hasSize(1);
    }

    @Test
    void aTenantsQueueIsCappedWithoutTouchingAnotherTenantsOrAQueuedJobsNewerChange() {
        result(queue().offer(delivery("job-a", 2, "a")));
        result(queue().offer(delivery("job-b", 2, "b")));

        assertThat(result(queue().offer(delivery("job-c", 2, "c")))).isFalse();
        assertThat(result(queue().offer(delivery("job-a", 3, "a again")))).isTrue();
        assertThat(result(queue().offer(new PendingDelivery(otherTenant, "job-c", 2, "http://localhost/", "c"))))
                .isTrue();
    }

    private PendingDelivery delivery(String jobId, long seq, String body) {
        return new PendingDelivery(tenant, jobId, seq, "http://localhost:1/" + jobId, body);
    }

    protected static <T> T result(Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(5));
    }
}
