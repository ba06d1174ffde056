package gateway.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static gateway.support.ApiframeStubs.SUBMIT_PATH;
import static gateway.support.ApiframeStubs.json;
import static gateway.support.JobRequests.postAsAcme;
import static gateway.support.TestTenants.asAcme;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import gateway.support.InjectWireMock;
import gateway.support.WireMockProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The submission deadline runs from the request's arrival: waiting for a bulkhead slot spends it too. */
@QuarkusTest
@TestProfile(SubmissionDeadlineTest.OneAtATime.class)
class SubmissionDeadlineTest {

    private static final Duration DEADLINE = Duration.ofSeconds(2);

    public static class OneAtATime extends WireMockProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("gateway.upstream.submit-deadline", DEADLINE.toMillis() + "ms");
            config.put("gateway.upstream.max-concurrent-submissions", "1");
            config.put("gateway.upstream.submission-queue", "4");
            return config;
        }
    }

    @InjectWireMock
    WireMockServer wireMock;

    @BeforeEach
    void reset() {
        wireMock.resetAll();
    }

    @Test
    void aSubmissionThatWaitedOutItsDeadlineInTheQueueIsAnsweredThenAndNeverReachesApiframe() {
        // Apiframe answers after the deadline: whichever submission gets the one slot holds it that long
        wireMock.stubFor(post(urlEqualTo(SUBMIT_PATH)).willReturn(
                json(202, "{\"jobId\":\"slow\",\"status\":\"QUEUED\"}").withFixedDelay(2_300)));

        // warms up the client side in both threads, so the timings below are the gateway's
        CompletableFuture.allOf(CompletableFuture.runAsync(() -> asAcme().get("/v1/upscales/unknown")),
                CompletableFuture.runAsync(() -> asAcme().get("/v1/upscales/unknown"))).join();
        List<CompletableFuture<TimedAnswer>> answers = List.of(CompletableFuture.supplyAsync(TimedAnswer::submit),
                CompletableFuture.supplyAsync(TimedAnswer::submit));

        for (CompletableFuture<TimedAnswer> answer : answers) {
            assertThat(answer.join().status()).isEqualTo(504);
            assertThat(answer.join().took()).isLessThan(DEADLINE.plusSeconds(1));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !attempts().isEmpty());
        // the queued one would reach Apiframe once the slot freed, and be logged when its answer came
        await().during(Duration.ofMillis(2_500)).atMost(Duration.ofSeconds(4)).until(
                () -> attempts().stream().map(request -> request.getHeader("Idempotency-Key")).distinct().count() == 1);
    }

    private List<LoggedRequest> attempts() {
        return wireMock.findAll(postRequestedFor(urlEqualTo(SUBMIT_PATH)));
    }

    private record TimedAnswer(int status, Duration took) {
        static TimedAnswer submit() {
            long started = System.nanoTime();
            int status = postAsAcme().statusCode();
            return new TimedAnswer(status, Duration.ofNanos(System.nanoTime() - started));
        }
    }
}
