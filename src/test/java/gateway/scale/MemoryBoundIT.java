package gateway.scale;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static gateway.support.ApiframeStubs.SUBMIT_PATH;
import static gateway.support.ApiframeStubs.job;
import static gateway.support.ApiframeStubs.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.github.tomakehurst.wiremock.WireMockServer;

import gateway.support.GatewayProcess;
import gateway.support.LargeSubmissions;
import gateway.support.ProcessConfig;

/**
 * The packaged jar in a heap far too small for the jobs it is sent (-Xmx48m, and the JVM exits on an
 * OutOfMemoryError): bounded by its memory budget, it evicts finished jobs oldest first and, once jobs in flight
 * fill the budget, refuses new submissions with {@code 503 store_full} before calling Apiframe, instead of dying.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MemoryBoundIT {

    private static final String KEY = ProcessConfig.key("memory");
    private static final int FINISHED_JOBS = 3_000;
    private static final long BUDGET = 8L << 20;

    private static WireMockServer apiframe;
    private static GatewayProcess gateway;
    private static ExecutorService clients;

    @BeforeAll
    static void start() throws IOException {
        Path logs = Files.createDirectories(Path.of("target", "memory-bound"));
        apiframe = new WireMockServer(wireMockConfig().dynamicPort().containerThreads(20));
        apiframe.start();
        apiframe.stubFor(post(urlEqualTo(SUBMIT_PATH)).willReturn(
                json(202, "{\"jobId\":\"up-1\",\"status\":\"QUEUED\"}")));
        completeEveryPoll();
        gateway = GatewayProcess.start("memory", List.of("-Xmx48m", "-XX:+ExitOnOutOfMemoryError"),
                config(apiframe.baseUrl()), logs);
        clients = Executors.newFixedThreadPool(8);
    }

    @AfterAll
    static void stop() {
        if (clients != null) {
            clients.shutdownNow();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (apiframe != null) {
            apiframe.stop();
        }
    }

    @Test
    @Order(1)
    void finishedJobsBeyondTheBudgetAreEvictedOldestFirstAndTheGatewayLives() throws Exception {
        List<String> ids = new ArrayList<>();
        for (HttpResponse<String> answer : submitAll(0, FINISHED_JOBS)) {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
            ids.add(id(answer));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> metric("gateway_jobs_in_flight") == 0);

        assertThat(gateway.isAlive()).isTrue();
        assertThat(metric("gateway_store_bytes")).isPositive().isLessThanOrEqualTo(BUDGET);
        double kept = metric("gateway_store_jobs");
        assertThat(kept).isBetween(100.0, FINISHED_JOBS / 2.0);
        assertThat(read(ids.get(0)).statusCode()).as("the oldest job").isEqualTo(404);
        assertThat(read(ids.get(ids.size() - 1)).body()).contains("\"status\":\"completed\"");
    }

    @Test
    @Order(2)
    void whenJobsInFlightFillTheBudgetNewSubmissionsAreRefusedBeforeApiframeAndNoneInFlightIsEvicted()
            throws Exception {
        apiframe.stubFor(get(urlPathMatching("/v2/jobs/.*")).willReturn(job("up-1", "PROCESSING", 10, null, null)));
        apiframe.resetRequests();
        List<String> inFlight = new ArrayList<>();
        HttpResponse<String> refused = null;
        for (int n = FINISHED_JOBS; refused == null && n < FINISHED_JOBS + 5_000; n += 50) {
            for (HttpResponse<String> answer : submitAll(n, 50)) {
                if (answer.statusCode() == 202) {
                    inFlight.add(id(answer));
                } else {
                    refused = answer;
                }
            }
        }

        assertThat(refused).as("a refusal once jobs in flight fill the budget").isNotNull();
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("\"code\":\"store_full\"");
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
        assertThat(apiframe.findAll(postRequestedFor(urlEqualTo(SUBMIT_PATH)))).as("submissions Apiframe received")
                .hasSize(inFlight.size());
        assertThat(gateway.isAlive()).isTrue();
        for (String id : inFlight) {
            assertThat(read(id).body()).as("job %s in flight", id).containsPattern("\"status\":\"(queued|processing)\"");
        }

        completeEveryPoll();
        await().atMost(Duration.ofSeconds(30)).until(() -> metric("gateway_jobs_in_flight") == 0);
        assertThat(LargeSubmissions.submit(gateway.url(), KEY, 999_999).statusCode()).isEqualTo(202);
    }

    private static List<HttpResponse<String>> submitAll(int from, int count) throws Exception {
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int n = from; n < from + count; n++) {
            int request = n;
            answers.add(clients.submit(() -> LargeSubmissions.submit(gateway.url(), KEY, request)));
        }
        List<HttpResponse<String>> done = new ArrayList<>();
        for (Future<HttpResponse<String>> answer : answers) {
            done.add(answer.get());
        }
        return done;
    }

    private static HttpResponse<String> read(String id) {
        return LargeSubmissions.get(gateway.url() + "/v1/upscales/" + id, KEY);
    }

    private static void completeEveryPoll() {
        apiframe.stubFor(get(urlPathMatching("/v2/jobs/.*")).willReturn(
                job("up-1", "COMPLETED", 100, "\"https://cdn.example.com/up-1.png\"", null)));
    }

    private static String id(HttpResponse<String> answer) {
        Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(answer.body());
        assertThat(id.find()).as(answer.body()).isTrue();
        return id.group(1);
    }

    /** The sum of a metric family's samples. */
    private static double metric(String family) {
        Matcher sample = Pattern.compile("^" + family + "(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE)
                .matcher(gateway.metrics());
        double sum = 0;
        while (sample.find()) {
            sum += Double.parseDouble(sample.group(2));
        }
        return sum;
    }

    private static Map<String, String> config(String apiframeUrl) {
        Map<String, String> config = ProcessConfig.against(apiframeUrl);
        config.put("gateway.jobs.max-memory", Long.toString(BUDGET));
        config.put("gateway.polling.initial-delay", "50ms");
        config.put("gateway.polling.max-interval", "200ms");
        config.put("gateway.upstream.requests-per-second", "100000");
        ProcessConfig.tenant(config, "memory", "100000", "100000", "100000");
        return config;
    }
}
