package gateway.job;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static gateway.support.ApiframeStubs.acceptSubmissions;
import static gateway.support.ApiframeStubs.job;
import static gateway.support.ApiframeStubs.jobPath;
import static gateway.support.ApiframeStubs.json;
import static gateway.support.ApiframeStubs.pollSequence;
import static gateway.support.TestTenants.asAcme;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;

import gateway.support.InjectWireMock;
import gateway.support.JobRequests;
import gateway.support.SseClient;
import gateway.support.TestTenants;
import gateway.support.WireMockProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** How the gateway follows an accepted job on Apiframe until it ends, whatever Apiframe answers meanwhile. */
@QuarkusTest
@TestProfile(WireMockProfile.class)
class JobPollingTest {

    @InjectWireMock
    WireMockServer wireMock;

    @TestHTTPResource("/")
    String baseUrl;

    private String upstreamId;

    @BeforeEach
    void reset() {
        wireMock.resetAll();
        upstreamId = UUID.randomUUID().toString();
        acceptSubmissions(wireMock, upstreamId);
    }

    @Test
    void normalisesABareStringResultToAListOfImages() {
        pollSequence(wireMock, upstreamId, job(upstreamId, "COMPLETED", 100, "\"https://cdn.example.com/x.png\"", null));

        JsonPath done = awaitTerminal(JobRequests.submitAsAcme());

        assertThat(done.getString("status")).isEqualTo("completed");
        assertThat(done.getList("result.images")).containsExactly("https://cdn.example.com/x.png");
        assertThat(done.getInt("progress")).isEqualTo(100);
        assertThat(done.getString("completedAt")).isNotNull();
    }

    @Test
    void readsTheImagesObjectResult() {
        pollSequence(wireMock, upstreamId, job(upstreamId, "COMPLETED", 100,
                "{\"images\":[\"https://cdn.example.com/a.png\",\"https://cdn.example.com/b.png\"]}", null));

        JsonPath done = awaitTerminal(JobRequests.submitAsAcme());

        assertThat(done.getList("result.images")).containsExactly("https://cdn.example.com/a.png",
                "https://cdn.example.com/b.png");
    }

    @Test
    void aFailedUpstreamJobCarriesApiframesMessage() {
        pollSequence(wireMock, upstreamId, job(upstreamId, "FAILED", null, null, "Model crashed on this input"));

        JsonPath done = awaitTerminal(JobRequests.submitAsAcme());

        assertThat(done.getString("status")).isEqualTo("failed");
        assertThat(done.getString("error.code")).isEqualTo("upstream_failed");
        assertThat(done.getString("error.message")).isEqualTo("Model crashed on this input");
        assertThat(done.getString("result")).isNull();
    }

    @Test
    void aCancelledUpstreamJobFails() {
        pollSequence(wireMock, upstreamId, job(upstreamId, "CANCELLED", null, null, null));

        JsonPath done = awaitTerminal(JobRequests.submitAsAcme());

        assertThat(done.getString("error.code")).isEqualTo("upstream_cancelled");
    }

    @Test
    void pollsWithTheTenantsKeyAndSurvivesMalformedSlowAndFailingAnswers() {
        pollSequence(wireMock, upstreamId,
                json(200, "{\"id\": not json"),
                json(503, "{\"error\":\"db down\"}"),
                aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
                job(upstreamId, "PROCESSING", 40, null, null).withFixedDelay(2_500),
                json(429, "{\"error\":\"slow down\"}").withHeader("Retry-After", "1"),
                job(upstreamId, "PROCESSING", 60, null, null),
                job(upstreamId, "COMPLETED", 100, "{\"images\":[\"https://cdn.example.com/ok.png\"]}", null));

        JsonPath done = awaitTerminal(JobRequests.submitAsAcme());

        assertThat(done.getString("status")).isEqualTo("completed");
        wireMock.verify(7, getRequestedFor(urlEqualTo(jobPath(upstreamId)))
                .withHeader("X-API-Key", WireMock.equalTo(TestTenants.ACME_APIFRAME_KEY)));
    }

    @Test
    void aJobThatNeverEndsTimesOut() {
        pollSequence(wireMock, upstreamId, job(upstreamId, "PROCESSING", 10, null, null));

        JsonPath done = awaitTerminal(JobRequests.submitAsAcme());

        assertThat(done.getString("status")).isEqualTo("failed");
        assertThat(done.getString("error.code")).isEqualTo("timeout");
        int pollsAtTimeout = wireMock.findAll(getRequestedFor(urlEqualTo(jobPath(upstreamId)))).size();
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(
                wireMock.findAll(getRequestedFor(urlEqualTo(jobPath(upstreamId)))).size()).isEqualTo(pollsAtTimeout));
    }

    @Test
    void aJobApiframeDeniesKnowingIsPolledOnUntilItTimesOutAndSaysWhy() {
        pollSequence(wireMock, upstreamId, json(404, "{\"error\":\"Job not found\"}"));

        JsonPath done = awaitTerminal(JobRequests.submitAsAcme());

        assertThat(done.getString("error.code")).isEqualTo("timeout");
        assertThat(done.getString("error.message")).contains("does not know this job");
        assertThat(wireMock.findAll(getRequestedFor(urlEqualTo(jobPath(upstreamId))))).hasSizeGreaterThan(3);
    }

    @Test
    void eightWatchersCostNoMorePollsThanOne() {
        String otherUpstreamId = UUID.randomUUID().toString();
        var sequence = List.of(
                job(upstreamId, "QUEUED", 0, null, null),
                job(upstreamId, "PROCESSING", 50, null, null),
                job(upstreamId, "COMPLETED", 100, "\"https://cdn.example.com/one.png\"", null));
        pollSequence(wireMock, upstreamId, sequence.toArray(new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder[0]));
        pollSequence(wireMock, otherUpstreamId, sequence.toArray(new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder[0]));

        String watchedOnce = JobRequests.submitAsAcme();
        List<SseClient> single = List.of(SseClient.open(eventsUrl(watchedOnce), TestTenants.ACME_KEY, null));
        acceptSubmissions(wireMock, otherUpstreamId);
        String watchedEightTimes = JobRequests.submitAsAcme();
        List<SseClient> eight = IntStream.range(0, 8)
                .mapToObj(i -> SseClient.open(eventsUrl(watchedEightTimes), TestTenants.ACME_KEY, null)).toList();

        await().atMost(Duration.ofSeconds(10)).until(() -> single.stream().allMatch(SseClient::hasEnded)
                && eight.stream().allMatch(SseClient::hasEnded));
        for (SseClient watcher : eight) {
            assertThat(watcher.events()).last().satisfies(event -> assertThat(event.name()).isEqualTo("completed"));
        }
        assertThat(single.get(0).events()).last().satisfies(event -> assertThat(event.name()).isEqualTo("completed"));
        int pollsForOne = wireMock.findAll(getRequestedFor(urlEqualTo(jobPath(upstreamId)))).size();
        int pollsForEight = wireMock.findAll(getRequestedFor(urlEqualTo(jobPath(otherUpstreamId)))).size();
        assertThat(pollsForOne).isEqualTo(3);
        assertThat(pollsForEight).isEqualTo(pollsForOne);
    }

    private String eventsUrl(String jobId) {
        return baseUrl + "v1/upscales/" + jobId + "/events";
    }

    private static JsonPath awaitTerminal(String jobId) {
        return await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> asAcme().get("/v1/upscales/" + jobId).then().statusCode(200).extract().jsonPath(),
                        json -> json.getString("status").equals("completed") || json.getString("status").equals("failed"));
    }
}
