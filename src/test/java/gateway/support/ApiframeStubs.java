package gateway.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

/** Canned Apiframe answers for WireMock. */
public final class ApiframeStubs {

    public static final String SUBMIT_PATH = "/v2/images/upscale";

    private ApiframeStubs() {
    }

    public static String jobPath(String upstreamJobId) {
        return "/v2/jobs/" + upstreamJobId;
    }

    public static void acceptSubmissions(WireMockServer wireMock, String upstreamJobId) {
        wireMock.stubFor(post(urlEqualTo(SUBMIT_PATH)).willReturn(json(202,
                "{\"jobId\":\"" + upstreamJobId + "\",\"status\":\"QUEUED\"}")));
    }

    public static void answerSubmissions(WireMockServer wireMock, ResponseDefinitionBuilder response) {
        wireMock.stubFor(post(urlEqualTo(SUBMIT_PATH)).willReturn(response));
    }

    /** Each submission gets the next of the given responses; the last one repeats. */
    public static void submissionSequence(WireMockServer wireMock, ResponseDefinitionBuilder... responses) {
        for (int i = 0; i < responses.length; i++) {
            var stub = post(urlEqualTo(SUBMIT_PATH)).inScenario("submission")
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "attempt-" + i).willReturn(responses[i]);
            if (i < responses.length - 1) {
                stub.willSetStateTo("attempt-" + (i + 1));
            }
            wireMock.stubFor(stub);
        }
    }

    /** The job answers each poll with the next of the given responses, then repeats the last one. */
    public static void pollSequence(WireMockServer wireMock, String upstreamJobId,
            ResponseDefinitionBuilder... responses) {
        stubPolls(wireMock, upstreamJobId, 0, responses);
    }

    /**
     * Like {@link #pollSequence}, but the first response repeats until {@link #moveOn} lets the job go on, so a
     * test can attach a follower before anything changes.
     */
    public static void gatedPollSequence(WireMockServer wireMock, String upstreamJobId,
            ResponseDefinitionBuilder... responses) {
        stubPolls(wireMock, upstreamJobId, 1, responses);
    }

    /** Each response from index {@code firstAdvancing} on moves the job to the next; the last one repeats. */
    private static void stubPolls(WireMockServer wireMock, String upstreamJobId, int firstAdvancing,
            ResponseDefinitionBuilder... responses) {
        String scenario = "job-" + upstreamJobId;
        for (int i = 0; i < responses.length; i++) {
            String state = i == 0 ? Scenario.STARTED : "poll-" + i;
            var stub = get(urlEqualTo(jobPath(upstreamJobId))).inScenario(scenario).whenScenarioStateIs(state)
                    .willReturn(responses[i]);
            if (i >= firstAdvancing && i < responses.length - 1) {
                stub.willSetStateTo("poll-" + (i + 1));
            }
            wireMock.stubFor(stub);
        }
    }

    /** From now on the job's polls answer PROCESSING (the newest stub wins in WireMock). */
    public static void keepProcessing(WireMockServer wireMock, String upstreamJobId) {
        wireMock.stubFor(get(urlEqualTo(jobPath(upstreamJobId))).willReturn(job(upstreamJobId, "PROCESSING", 40,
                null, null)));
    }

    /** From now on the job's polls answer COMPLETED with one image. */
    public static void complete(WireMockServer wireMock, String upstreamJobId) {
        wireMock.stubFor(get(urlEqualTo(jobPath(upstreamJobId))).willReturn(job(upstreamJobId, "COMPLETED", 100,
                "\"https://cdn.example.com/" + upstreamJobId + ".png\"", null)));
    }

    /** How many times the job was polled. */
    public static int polls(WireMockServer wireMock, String upstreamJobId) {
        return wireMock.findAll(getRequestedFor(urlEqualTo(jobPath(upstreamJobId)))).size();
    }

    /** Lets a {@link #gatedPollSequence} job go on to its second response. */
    public static void moveOn(WireMockServer wireMock, String upstreamJobId) {
        wireMock.setScenarioState("job-" + upstreamJobId, "poll-1");
    }

    public static ResponseDefinitionBuilder job(String upstreamJobId, String status, Integer progress, String result,
            String error) {
        return json(200, "{\"id\":\"" + upstreamJobId + "\",\"status\":\"" + status + "\",\"model\":\"clarity-upscale\","
                + "\"progress\":" + progress + ",\"result\":" + (result == null ? "null" : result) + ",\"error\":"
                + (error == null ? "null" : "\"" + error + "\"") + ",\"creditCost\":3,\"webhookStatus\":null,"
                + "\"createdAt\":\"2026-11-24T10:00:00Z\",\"completedAt\":null,\"someNewField\":{\"x\":1}}");
    }

    public static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }
}
