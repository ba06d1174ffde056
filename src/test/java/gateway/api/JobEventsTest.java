package gateway.api;

import static gateway.support.ApiframeStubs.acceptSubmissions;
import static gateway.support.ApiframeStubs.gatedPollSequence;
import static gateway.support.ApiframeStubs.job;
import static gateway.support.ApiframeStubs.moveOn;
import static gateway.support.ApiframeStubs.pollSequence;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static gateway.support.TestTenants.asAcme;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import gateway.support.BrowserEventSource;
import gateway.support.InjectWireMock;
import gateway.support.JobRequests;
import gateway.support.SseClient;
import gateway.support.SseClient.Event;
import gateway.support.TestTenants;
import gateway.support.WireMockProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** The progress stream (contract.md, "The event stream"). */
@QuarkusTest
@TestProfile(WireMockProfile.class)
class JobEventsTest {

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
    void streamsEachChangeWithIncreasingIdsAndEndsAfterTheTerminalEvent() throws Exception {
        gatedPollSequence(wireMock, upstreamId,
                job(upstreamId, "QUEUED", 0, null, null),
                job(upstreamId, "PROCESSING", 30, null, null),
                job(upstreamId, "PROCESSING", 30, null, null),
                job(upstreamId, "PROCESSING", 70, null, null),
                job(upstreamId, "COMPLETED", 100, "\"https://cdn.example.com/done.png\"", null));
        String jobId = JobRequests.submitAsAcme();

        SseClient client = SseClient.open(eventsUrl(jobId), TestTenants.ACME_KEY, null);
        await().atMost(Duration.ofSeconds(5)).until(() -> !client.events().isEmpty());
        // the gate holds the QUEUED/0 answer until a poll has taken it: moving on earlier would skip that change
        await().atMost(Duration.ofSeconds(5)).until(() -> !wireMock.findAll(getRequestedFor(urlPathMatching(
                "/v2/jobs/.*"))).isEmpty());
        moveOn(wireMock, upstreamId);

        await().atMost(Duration.ofSeconds(10)).until(client::hasEnded);
        var response = client.response();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-cache");
        assertThat(response.headers().firstValue("X-Accel-Buffering")).contains("no");
        // like every /v1 answer, the stream reports the tenant's bucket (issue 12, item 7)
        assertThat(response.headers().firstValue("RateLimit-Policy")).hasValueSatisfying(
                policy -> assertThat(policy).matches("\"tenant\";q=\\d+;w=\\d+"));
        assertThat(response.headers().firstValue("RateLimit")).hasValueSatisfying(
                limit -> assertThat(limit).matches("\"tenant\";r=\\d+;t=\\d+"));
        List<Event> events = client.events();
        // from its first event on the client sees every change, once
        long firstId = Long.parseLong(events.get(0).id());
        assertThat(events).extracting(event -> Long.parseLong(event.id()))
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(firstId, 5).boxed().toList());
        assertThat(events.subList(events.size() - 3, events.size())).extracting(Event::name)
                .containsExactly("processing", "processing", "completed");
        JsonPath last = new JsonPath(events.get(events.size() - 1).data());
        assertThat(last.getString("id")).isEqualTo(jobId);
        assertThat(last.getList("result.images")).containsExactly("https://cdn.example.com/done.png");
        assertThat(last.getString("status")).isEqualTo("completed");
    }

    @Test
    void sendsHeartbeatCommentsWhileNothingChanges() {
        pollSequence(wireMock, upstreamId, job(upstreamId, "PROCESSING", 10, null, null));
        String jobId = JobRequests.submitAsAcme();

        SseClient client = SseClient.open(eventsUrl(jobId), TestTenants.ACME_KEY, null);

        await().atMost(Duration.ofSeconds(4)).until(() -> !client.comments().isEmpty());
        assertThat(client.hasEnded()).isFalse();
        client.close();
    }

    @Test
    void resumesAfterLastEventIdWithTheCurrentStateOnlyIfItIsNewer() {
        pollSequence(wireMock, upstreamId, job(upstreamId, "COMPLETED", 100, "\"https://cdn.example.com/r.png\"", null));
        String jobId = JobRequests.submitAsAcme();
        await().atMost(Duration.ofSeconds(5)).until(
                () -> asAcme().get("/v1/upscales/" + jobId).path("status").equals("completed"));

        SseClient behind = SseClient.open(eventsUrl(jobId), TestTenants.ACME_KEY, "1");

        await().atMost(Duration.ofSeconds(5)).until(behind::hasEnded);
        assertThat(behind.events()).extracting(Event::id, Event::name).containsExactly(
                org.assertj.core.groups.Tuple.tuple("2", "completed"));
    }

    @Test
    void aClientThatSawTheTerminalEventIsToldNotToReconnect() {
        pollSequence(wireMock, upstreamId, job(upstreamId, "COMPLETED", 100, "\"https://cdn.example.com/r.png\"", null));
        String jobId = JobRequests.submitAsAcme();
        await().atMost(Duration.ofSeconds(5)).until(
                () -> asAcme().get("/v1/upscales/" + jobId).path("status").equals("completed"));

        for (String seen : List.of("2", "3", "99")) {
            asAcme().header("Last-Event-ID", seen).get("/v1/upscales/" + jobId + "/events")
                    .then().statusCode(204).body(equalTo(""))
                    .header("RateLimit", org.hamcrest.Matchers.startsWith("\"tenant\";r="))
                    .header("RateLimit-Policy", org.hamcrest.Matchers.startsWith("\"tenant\";q="));
        }
    }

    @Test
    void aStandardEventSourceMakesTwoConnectionsPerJobAndStops() {
        gatedPollSequence(wireMock, upstreamId,
                job(upstreamId, "PROCESSING", 40, null, null),
                job(upstreamId, "COMPLETED", 100, "\"https://cdn.example.com/done.png\"", null));
        String jobId = JobRequests.submitAsAcme();

        try (BrowserEventSource source = BrowserEventSource.open(eventsUrl(jobId), TestTenants.ACME_KEY)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> !source.events().isEmpty());
            moveOn(wireMock, upstreamId);

            // the stream ends after "completed"; the browser reconnects with that id and is told to stop
            await().atMost(Duration.ofSeconds(10)).until(source::isClosed);
            assertThat(source.statuses()).containsExactly(200, 204);
            assertThat(source.connections()).isEqualTo(2);
            assertThat(source.events()).extracting(Event::name).containsOnlyOnce("completed").last()
                    .isEqualTo("completed");
        }
    }

    @Test
    void aStandardEventSourceOnAFinishedJobMakesTwoConnectionsAndStops() {
        pollSequence(wireMock, upstreamId, job(upstreamId, "COMPLETED", 100, "\"https://cdn.example.com/r.png\"", null));
        String jobId = JobRequests.submitAsAcme();
        await().atMost(Duration.ofSeconds(5)).until(
                () -> asAcme().get("/v1/upscales/" + jobId).path("status").equals("completed"));

        try (BrowserEventSource source = BrowserEventSource.open(eventsUrl(jobId), TestTenants.ACME_KEY)) {
            await().atMost(Duration.ofSeconds(10)).until(source::isClosed);
            assertThat(source.statuses()).containsExactly(200, 204);
            assertThat(source.events()).extracting(Event::id, Event::name).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("2", "completed"));
        }
    }

    @Test
    void anUnknownOrForeignJobIs404BeforeAnyEvent() {
        String jobId = JobRequests.submitAsAcme();

        for (var request : List.of(TestTenants.asGlobex().pathParam("id", jobId),
                asAcme().pathParam("id", "no-such-job"))) {
            request.accept("text/event-stream").get("/v1/upscales/{id}/events")
                    .then().statusCode(404)
                    .contentType("application/problem+json")
                    .body("code", equalTo("not_found"));
        }
    }

    @Test
    void aBadLastEventIdIs400() {
        String jobId = JobRequests.submitAsAcme();

        asAcme().header("Last-Event-ID", "yesterday").get("/v1/upscales/" + jobId + "/events")
                .then().statusCode(400).body("errors[0].field", equalTo("Last-Event-ID"));
    }

    private String eventsUrl(String jobId) {
        return baseUrl + "v1/upscales/" + jobId + "/events";
    }
}
