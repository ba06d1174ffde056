package gateway.scale;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static gateway.support.ApiframeStubs.acceptSubmissions;
import static gateway.support.ApiframeStubs.job;
import static gateway.support.ApiframeStubs.pollSequence;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import gateway.digest.Sha256;
import gateway.support.GatewayProcess;
import gateway.support.StreamCrowd;
import gateway.support.StreamCrowd.Stream;
import io.restassured.http.ContentType;

/**
 * The packaged gateway at its limits (issue 13, item 6): under a descriptor limit it caps its streams and stays
 * healthy, and SIGTERM with thousands of open streams ends within the shutdown timeout, every stream (those opened
 * during the shutdown delay too) sent away with a reconnect hint. WireMock plays Apiframe; the jobs never end.
 */
class EventStreamsAtTheLimitsIT {

    private static final String KEY = "crowd-secret-key";
    // room for streams opened after readiness went down (3,000 are sent away first) to connect within the delay
    private static final Duration SHUTDOWN_DELAY = Duration.ofSeconds(4);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

    private static WireMockServer apiframe;
    private static Path logs;
    private GatewayProcess gateway;

    @BeforeAll
    static void startApiframe() throws IOException {
        logs = Files.createDirectories(Path.of("target", "stream-limits"));
        apiframe = new WireMockServer(wireMockConfig().dynamicPort().containerThreads(20));
        apiframe.start();
        String upstreamId = UUID.randomUUID().toString();
        acceptSubmissions(apiframe, upstreamId);
        pollSequence(apiframe, upstreamId, job(upstreamId, "PROCESSING", 10, null, null));
    }

    @AfterAll
    static void stopApiframe() {
        apiframe.stop();
    }

    @AfterEach
    void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void underADescriptorLimitStreamsPastTheDerivedCapAre503WhileHealthAndReadsAnswer() throws Exception {
        // 2,048 descriptors: 512 kept for Apiframe, Redis, management and the JVM, 1,536 inbound connections,
        // of which 256 stay free for plain requests
        gateway = GatewayProcess.startWithDescriptorLimit("limited", config(), logs, 2048);
        assertThat(metric("gateway_sse_max_streams")).isEqualTo(1280);
        String jobId = submit();

        StreamCrowd crowd = new StreamCrowd();
        List<Stream> streams = crowd.open(eventsUrl(jobId), KEY, 1400);
        await().atMost(Duration.ofSeconds(60)).until(() -> streams.stream().allMatch(Stream::settled));

        List<Stream> served = streams.stream().filter(Stream::hasFirstEvent).toList();
        List<Stream> refused = streams.stream().filter(stream -> stream.status() == 503).toList();
        assertThat(streams).allMatch(stream -> stream.failure() == null, "no connection was left unanswered");
        assertThat(served).hasSize(1280);
        assertThat(refused).hasSize(120).allSatisfy(stream -> {
            assertThat(stream.retryAfter()).isEqualTo("1");
            await().atMost(Duration.ofSeconds(5)).until(stream::hasEnded);
            assertThat(stream.body()).contains("\"code\":\"too_many_streams\"");
        });
        given().baseUri(gateway.managementUrl()).get("/q/health/live").then().time(
                org.hamcrest.Matchers.lessThan(2000L)).statusCode(200);
        given().baseUri(gateway.url()).header("Authorization", "Bearer " + KEY).get("/v1/upscales/" + jobId)
                .then().time(org.hamcrest.Matchers.lessThan(2000L)).statusCode(200).body("id", equalTo(jobId));

        Duration exit = gateway.terminate();
        assertThat(exit).isLessThan(SHUTDOWN_DELAY.plus(SHUTDOWN_TIMEOUT));
        await().atMost(Duration.ofSeconds(5)).until(() -> served.stream().allMatch(Stream::hasEnded));
        assertThat(served).allMatch(Stream::gotReconnectHint, "every open stream got the retry: hint");
    }

    @Test
    void sigtermWithThousandsOfStreamsEndsWithinTheTimeoutAndSendsEveryStreamAway() throws Exception {
        gateway = GatewayProcess.start("crowded", config(), logs);
        String jobId = submit();
        StreamCrowd crowd = new StreamCrowd();
        List<Stream> open = crowd.open(eventsUrl(jobId), KEY, 3000);
        await().atMost(Duration.ofSeconds(60)).until(() -> open.stream().allMatch(Stream::settled));
        assertThat(open).allMatch(Stream::hasFirstEvent);

        long started = System.nanoTime();
        Thread terminating = new Thread(() -> gateway.terminate());
        terminating.start();
        // streams opened during the shutdown delay (readiness already down) are sent away too
        await().atMost(SHUTDOWN_DELAY).until(() -> given().baseUri(gateway.managementUrl())
                .get("/q/health/ready").statusCode() == 503);
        List<Stream> late = crowd.open(eventsUrl(jobId), KEY, 20);
        terminating.join(SHUTDOWN_DELAY.plus(SHUTDOWN_TIMEOUT).toMillis());

        assertThat(terminating.isAlive()).as("still running after the shutdown timeout").isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(SHUTDOWN_DELAY.plus(SHUTDOWN_TIMEOUT));
        await().atMost(Duration.ofSeconds(5)).until(() -> crowd.streams().stream().allMatch(Stream::hasEnded));
        assertThat(open).allMatch(Stream::gotReconnectHint, "every open stream got the retry: hint");
        assertThat(late).allSatisfy(stream -> assertThat(stream.status() == 200 && stream.gotReconnectHint()
                || stream.status() == 503 || stream.failure() != null)
                .as("a stream opened while shutting down is sent away, refused, or finds nothing listening")
                .isTrue());
        assertThat(late).anyMatch(Stream::gotReconnectHint);
    }

    private String submit() {
        return given().baseUri(gateway.url()).header("Authorization", "Bearer " + KEY).contentType(ContentType.JSON)
                .body("{\"image\":\"https://images.example.com/cat.png\"}").post("/v1/upscales")
                .then().statusCode(202).extract().path("id");
    }

    private String eventsUrl(String jobId) {
        return gateway.url() + "/v1/upscales/" + jobId + "/events";
    }

    private long metric(String family) {
        String metrics = given().baseUri(gateway.managementUrl()).get("/q/metrics").asString();
        return metrics.lines().filter(line -> line.startsWith(family + " ")).findFirst()
                .map(line -> (long) Double.parseDouble(line.substring(family.length() + 1))).orElseThrow();
    }

    private static Map<String, String> config() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.rest-client.apiframe.url", apiframe.baseUrl());
        config.put("quarkus.log.console.json.enabled", "false");
        config.put("quarkus.shutdown.delay", SHUTDOWN_DELAY.toSeconds() + "s");
        config.put("quarkus.shutdown.timeout", SHUTDOWN_TIMEOUT.toSeconds() + "s");
        config.put("gateway.polling.initial-delay", "100ms");
        config.put("gateway.polling.max-interval", "1s");
        config.put("gateway.sse.heartbeat", "30s");
        config.put("gateway.upstream.requests-per-second", "1000");
        config.put("gateway.tenants.crowd.key-sha256", HexFormat.of().formatHex(Sha256.of(KEY)));
        config.put("gateway.tenants.crowd.apiframe-key", "afk_it_crowd_key");
        config.put("gateway.tenants.crowd.requests-per-second", "100000");
        config.put("gateway.tenants.crowd.burst", "100000");
        return config;
    }
}
