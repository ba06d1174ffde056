package gateway.callback;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static gateway.support.ApiframeStubs.acceptSubmissions;
import static gateway.support.ApiframeStubs.complete;
import static gateway.support.ApiframeStubs.gatedPollSequence;
import static gateway.support.ApiframeStubs.job;
import static gateway.support.ApiframeStubs.json;
import static gateway.support.ApiframeStubs.moveOn;
import static gateway.support.TestTenants.asAcme;
import static gateway.support.TestTenants.asGlobex;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.standardwebhooks.Webhook;

import gateway.support.CallbackProfile;
import gateway.support.CallbackReceiver;
import gateway.support.InjectCallbackReceiver;
import gateway.support.InjectWireMock;
import gateway.support.JobRequests;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * The gateway calls the tenant back: each change a submission asks for is POSTed to its callbackUrl, signed the
 * Standard Webhooks way, at least once, under one webhook-id however often it is retried. The receiver checks the
 * signature with the Standard Webhooks library, not with the gateway's code.
 */
@QuarkusTest
@TestProfile(CallbackProfile.class)
class CallbackDeliveryTest {

    private static final Duration SOON = Duration.ofSeconds(10);
    private static final String INITECH_KEY = "initech-secret-key"; // a tenant without callbacks
    private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13 };

    @InjectWireMock
    WireMockServer apiframe;

    @InjectCallbackReceiver
    WireMockServer receiver;

    private final ObjectMapper mapper = new ObjectMapper();
    private String upstreamId;

    @BeforeEach
    void reset() {
        apiframe.resetAll();
        receiver.resetAll();
        upstreamId = UUID.randomUUID().toString();
        acceptSubmissions(apiframe, upstreamId);
        complete(apiframe, upstreamId);
    }

    @Test
    void aCompletedJobIsDeliveredOnceSignedAsTheJobResourceWas() throws Exception {
        answer("/hooks/done", aResponse().withStatus(204));

        String id = submit(asAcme(), "{\"image\":\"" + JobRequests.IMAGE + "\",\"callbackUrl\":\"" + url("/hooks/done")
                + "\",\"metadata\":{\"order\":\"A-17\"}}");

        LoggedRequest delivery = await().atMost(SOON).until(() -> deliveries("/hooks/done"), list -> !list.isEmpty())
                .get(0);
        await().during(Duration.ofSeconds(1)).until(() -> deliveries("/hooks/done").size() == 1);
        new Webhook(CallbackReceiver.ACME_SECRET).verify(delivery.getBodyAsString(), headers(delivery));
        assertThat(delivery.getHeader("webhook-id")).isEqualTo(id + ".2");
        assertThat(delivery.getHeader("Content-Type")).isEqualTo("application/json");

        JsonNode body = mapper.readTree(delivery.getBodyAsString());
        JsonNode read = awaitCallback(asAcme(), id, "delivered");
        assertThat(body.path("status").asText()).isEqualTo("completed");
        assertThat(body.path("callback").path("status").asText()).isEqualTo("pending");
        assertThat(withoutCallback(body)).isEqualTo(withoutCallback(read));
        assertThat(read.path("callback").path("attempts").asInt()).isEqualTo(1);
        assertThat(read.path("callback").path("url").asText()).isEqualTo(url("/hooks/done"));
        assertThat(read.path("callback").path("events").toString()).isEqualTo("[\"completed\",\"failed\"]");
        assertThat(Instant.parse(read.path("callback").path("lastAttemptAt").asText()))
                .isAfterOrEqualTo(Instant.parse(read.path("completedAt").asText()));
        assertThat(read.path("callback").path("lastError").isNull()).isTrue();
    }

    @Test
    void aFailedAttemptIsRetriedUnderTheSameWebhookIdUntilTheReceiverAcknowledgesIt() throws Exception {
        receiver.stubFor(post(urlEqualTo("/hooks/flaky")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("recovered"));
        receiver.stubFor(post(urlEqualTo("/hooks/flaky")).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200)));

        String id = submitWithCallback(asAcme(), url("/hooks/flaky"));

        JsonNode read = awaitCallback(asAcme(), id, "delivered");
        await().during(Duration.ofSeconds(1)).until(() -> deliveries("/hooks/flaky").size() == 2);
        List<LoggedRequest> attempts = deliveries("/hooks/flaky");
        assertThat(attempts).extracting(request -> request.getHeader("webhook-id")).containsOnly(id + ".2");
        assertThat(attempts).extracting(LoggedRequest::getBodyAsString).containsOnly(attempts.get(0).getBodyAsString());
        for (LoggedRequest attempt : attempts) {
            new Webhook(CallbackReceiver.ACME_SECRET).verify(attempt.getBodyAsString(), headers(attempt));
        }
        assertThat(read.path("callback").path("attempts").asInt()).isEqualTo(2);
        assertThat(read.path("callback").path("lastError").isNull()).isTrue();
    }

    @Test
    void aReceiverAnswering410IsNotCalledAgain() {
        answer("/hooks/gone", aResponse().withStatus(410));

        String id = submitWithCallback(asAcme(), url("/hooks/gone"));

        JsonNode read = awaitCallback(asAcme(), id, "gone");
        // a retry would come within the 400 ms backoff ceiling
        await().during(Duration.ofMillis(1500)).until(() -> deliveries("/hooks/gone").size() == 1);
        assertThat(read.path("callback").path("attempts").asInt()).isEqualTo(1);
        assertThat(read.path("callback").path("lastError").asText()).contains("410");
    }

    @Test
    void aRedirectIsNotFollowedButRetried() {
        answer("/hooks/moved", aResponse().withStatus(302).withHeader("Location", url("/hooks/elsewhere")));
        answer("/hooks/elsewhere", aResponse().withStatus(200));

        String id = submitWithCallback(asAcme(), url("/hooks/moved"));

        await().atMost(SOON).until(() -> deliveries("/hooks/moved").size() >= 3);
        JsonNode callback = asAcmeJob(id).path("callback");
        assertThat(callback.path("status").asText()).isEqualTo("pending");
        assertThat(callback.path("attempts").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(callback.path("lastError").asText()).isEqualTo("answered 302 (redirects are not followed)");
        assertThat(deliveries("/hooks/elsewhere")).isEmpty();
    }

    @Test
    void aCallbackUrlTheTenantMayNotUseIsRefusedBeforeApiframeIsCalled() {
        String image = "{\"image\":\"" + JobRequests.IMAGE + "\",";
        Map<String, RequestSpecification> refusals = Map.of(
                image + "\"callbackUrl\":\"https://elsewhere.example.org/hook\"}", asAcme(),
                image + "\"callbackUrl\":\"http://user:pw@localhost:" + receiver.port() + "/hook\"}", asAcme(),
                image + "\"callbackUrl\":\"ftp://localhost/hook\"}", asAcme(),
                image + "\"callbackUrl\":\"" + url("/hook") + "\"}", asGlobex(), // a name: globex lists a block
                image + "\"callbackEvents\":[\"completed\"]}", asAcme(), // no URL, and acme has no default
                image + "\"callbackUrl\":\"" + url("/hook") + "\",\"callbackEvents\":[]}", asAcme(),
                image + "\"callbackUrl\":\"" + url("/hook") + "\",\"callbackEvents\":[\"done\"]}", asAcme(),
                image + "\"callbackUrl\":\"" + url("/hook") + "\",\"callbackEvents\":[\"failed\",\"failed\"]}",
                asAcme());
        refusals.forEach((body, tenant) -> tenant.contentType(ContentType.JSON).body(body).post("/v1/upscales")
                .then().statusCode(400)
                .body("errors.field", everyItem(startsWith("callback"))));
        given().header("Authorization", "Bearer " + INITECH_KEY).contentType(ContentType.JSON)
                .body(image + "\"callbackUrl\":\"" + url("/hook") + "\"}")
                .post("/v1/upscales").then().statusCode(400).body("errors[0].field", is("callbackUrl"));

        asAcme().multiPart("file", "a.png", PNG, "image/png")
                .multiPart("callbackUrl", "https://elsewhere.example.org/h")
                .post("/v1/upscales").then().statusCode(400).body("errors[0].field", is("callbackUrl"));

        assertThat(apiframe.findAll(anyRequestedFor(anyUrl()))).as("no upload, no submission").isEmpty();
        assertThat(receiver.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void aMultipartSubmissionNamesItsCallbackInFormFields() {
        apiframe.stubFor(post(urlEqualTo("/v2/uploads")).willReturn(json(201,
                "{\"id\":\"up-1\",\"url\":\"https://cdn.example.com/uploaded.png\"}")));
        answer("/hooks/form", aResponse().withStatus(200));

        String id = asAcme().multiPart("file", "a.png", PNG, "image/png").multiPart("callbackUrl", url("/hooks/form"))
                .multiPart("callbackEvents", "[\"completed\"]").post("/v1/upscales").then().statusCode(202)
                .extract().path("id");

        JsonNode read = awaitCallback(asAcme(), id, "delivered");
        assertThat(read.path("callback").path("events").toString()).isEqualTo("[\"completed\"]");
        assertThat(deliveries("/hooks/form")).singleElement()
                .satisfies(delivery -> assertThat(delivery.getHeader("webhook-id")).startsWith(id + "."));
    }

    @Test
    void aTenantsDefaultUrlTakesTheJobsOfSubmissionsNamingNone() throws Exception {
        answer(CallbackReceiver.GLOBEX_DEFAULT_PATH, aResponse().withStatus(200));

        String id = submit(asGlobex(), "{\"image\":\"" + JobRequests.IMAGE + "\"}");

        awaitCallback(asGlobex(), id, "delivered");
        LoggedRequest delivery = deliveries(CallbackReceiver.GLOBEX_DEFAULT_PATH).get(0);
        new Webhook(CallbackReceiver.GLOBEX_SECRET).verify(delivery.getBodyAsString(), headers(delivery));
        assertThat(mapper.readTree(delivery.getBodyAsString()).path("id").asText()).isEqualTo(id);
    }

    @Test
    void callbackEventsNamingProcessingHaveEachChangeDelivered() throws Exception {
        answer("/hooks/each", aResponse().withStatus(200));
        gatedPollSequence(apiframe, upstreamId, job(upstreamId, "PROCESSING", 40, null, null),
                job(upstreamId, "COMPLETED", 100, "\"https://cdn.example.com/each.png\"", null));

        String id = submit(asAcme(), "{\"image\":\"" + JobRequests.IMAGE + "\",\"callbackUrl\":\"" + url("/hooks/each")
                + "\",\"callbackEvents\":[\"processing\",\"completed\",\"failed\"]}");

        await().atMost(SOON).until(() -> deliveries("/hooks/each").size() == 1);
        moveOn(apiframe, upstreamId);
        await().atMost(SOON).until(() -> deliveries("/hooks/each").size() == 2);
        List<JsonNode> bodies = deliveries("/hooks/each").stream().map(this::body).toList();
        assertThat(bodies).extracting(body -> body.path("status").asText()).containsExactly("processing", "completed");
        assertThat(bodies.get(0).path("progress").asInt()).isEqualTo(40);
        assertThat(deliveries("/hooks/each").stream().map(request -> request.getHeader("webhook-id"))
                .collect(Collectors.toSet())).hasSize(2);
        awaitCallback(asAcme(), id, "delivered");
    }

    private String submitWithCallback(RequestSpecification tenant, String callbackUrl) {
        return submit(tenant, "{\"image\":\"" + JobRequests.IMAGE + "\",\"callbackUrl\":\"" + callbackUrl + "\"}");
    }

    private static String submit(RequestSpecification tenant, String body) {
        return tenant.contentType(ContentType.JSON).body(body).post("/v1/upscales").then().statusCode(202)
                .extract().path("id");
    }

    private JsonNode awaitCallback(RequestSpecification tenant, String id, String status) {
        return await().atMost(SOON).until(() -> read(tenant, id),
                job -> job.path("callback").path("status").asText().equals(status));
    }

    private JsonNode asAcmeJob(String id) {
        return read(asAcme(), id);
    }

    private JsonNode read(RequestSpecification tenant, String id) {
        return body(tenant.get("/v1/upscales/" + id).then().statusCode(200).extract().asString());
    }

    private JsonNode body(LoggedRequest request) {
        return body(request.getBodyAsString());
    }

    private JsonNode body(String text) {
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static JsonNode withoutCallback(JsonNode job) {
        ObjectNode copy = job.deepCopy();
        copy.remove("callback");
        return copy;
    }

    private void answer(String path, ResponseDefinitionBuilder response) {
        receiver.stubFor(post(urlEqualTo(path)).willReturn(response));
    }

    private List<LoggedRequest> deliveries(String path) {
        return receiver.findAll(postRequestedFor(urlEqualTo(path)));
    }

    private String url(String path) {
        return "http://localhost:" + receiver.port() + path;
    }

    private static Map<String, List<String>> headers(LoggedRequest request) {
        return request.getHeaders().all().stream().collect(Collectors.toMap(HttpHeader::key, HttpHeader::values));
    }
}
