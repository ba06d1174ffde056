package gateway.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/** The feed's fan-out: one encoding per change for any number of followers, and no follower called under a lock. */
class JobFeedTest {

    private final JobFeed feed = new JobFeed("acme", "job-1");

    @Test
    void eachChangeIsEncodedOnceAndTheSameEncodingReachesEveryFollower() {
        AtomicInteger encodings = new AtomicInteger();
        Function<Job, Object> encoder = job -> {
            encodings.incrementAndGet();
            return new Object();
        };
        List<List<Object>> received = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            List<Object> frames = new CopyOnWriteArrayList<>();
            received.add(frames);
            feed.join(change -> frames.add(change.encoded(encoder)));
        }

        feed.publish(job(1, JobStatus.QUEUED));
        feed.publish(job(2, JobStatus.PROCESSING));
        feed.publish(job(2, JobStatus.PROCESSING)); // not newer: ignored
        feed.publish(job(3, JobStatus.COMPLETED));

        assertThat(encodings).hasValue(3);
        List<Object> first = received.get(0);
        assertThat(first).hasSize(3);
        assertThat(received).allSatisfy(frames -> assertThat(frames).containsExactlyElementsOf(first));
        for (List<Object> frames : received) {
            for (int change = 0; change < 3; change++) {
                assertThat(frames.get(change)).isSameAs(first.get(change));
            }
        }
    }

    @Test
    void aPublisherNeverWaitsForAFollowerBusyWithAnotherChange() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Long> seen = new CopyOnWriteArrayList<>();
        feed.join(change -> {
            seen.add(change.job().seq());
            if (change.job().seq() == 1) {
                busy.countDown();
                await(release);
            }
        });
        CompletableFuture<Void> slow = CompletableFuture.runAsync(() -> feed.publish(job(1, JobStatus.QUEUED)));
        assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();

        // the follower is still busy with seq 1: the next publish and a new follower must not wait for it
        CompletableFuture.runAsync(() -> {
            feed.publish(job(2, JobStatus.PROCESSING));
            feed.join(change -> seen.add(-change.job().seq()));
        }).get(1, TimeUnit.SECONDS);
        assertThat(seen).containsExactly(1L);

        release.countDown();
        slow.get(5, TimeUnit.SECONDS);
        assertThat(seen).containsExactly(1L, 2L, -2L);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Job job(long seq, JobStatus status) {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");
        return new Job("job-1", "acme", status, null, now, now, null, null, null, null, null, "up-1", seq, null);
    }
}
