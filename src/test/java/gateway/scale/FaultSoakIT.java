package gateway.scale;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import gateway.support.FaultyApiframe;
import gateway.support.GatewayProcess;
import gateway.support.ProcessConfig;

/**
 * Two thousand submissions, half of them under an {@code Idempotency-Key}, against the packaged jar while about
 * a third of Apiframe's answers misbehave (5xx, 429 with Retry-After, resets, answers later than the read timeout,
 * bodies that are not JSON, and answers lost after Apiframe created the job). Nothing is lost: every 202 names a
 * job that completes with the one upstream job created for it; nothing is charged twice; no upstream job of an
 * accepted request is unknown to the gateway; and no answer is a 500.
 */
class FaultSoakIT {

    private static final int SUBMISSIONS = 2_000;
    private static final int TENANTS = 4;
    private static final int CLIENTS = 24;
    private static final int TRIES_PER_KEY = 12;
    private static final Duration READ_TIMEOUT = Duration.ofMillis(400);
    private static final Set<Integer> REFUSALS_UNDER_FAULTS = Set.of(502, 503, 504);
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\":\"([a-z]+)\"");

    private static final FaultyApiframe MODEL = new FaultyApiframe(13, 0.3, READ_TIMEOUT.plusMillis(300));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static WireMockServer apiframe;
    private static GatewayProcess gateway;

    /** What one logical request got: its accepted job id (or null) and every status on the way. */
    private record Outcome(int n, String jobId, List<Integer> statuses) {
    }

    @BeforeAll
    static void start() throws IOException {
        Path logs = Files.createDirectories(Path.of("target", "fault-soak"));
        Files.deleteIfExists(logs.resolve("soak.log"));
        apiframe = new WireMockServer(wireMockConfig().dynamicPort().containerThreads(100).extensions(MODEL));
        apiframe.start();
        apiframe.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500))); // every answer comes from MODEL
        gateway = GatewayProcess.start("soak", config(apiframe.baseUrl()), logs);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (apiframe != null) {
            apiframe.stop();
        }
    }

    @Test
    void underRandomUpstreamFaultsNothingIsLostDuplicatedOrUnknownAndNothingIsA500() throws Exception {
        Map<String, Outcome> outcomes = submitAll();
        List<Integer> statuses = outcomes.values().stream().flatMap(outcome -> outcome.statuses().stream()).toList();
        Map<String, Outcome> accepted = new TreeMap<>();
        outcomes.forEach((prompt, outcome) -> {
            if (outcome.jobId() != null) {
                accepted.put(prompt, outcome);
            }
        });
        System.out.printf("fault soak: %d submissions, %d accepted, answers %s, upstream faults %s%n", SUBMISSIONS,
                accepted.size(), count(statuses), MODEL.faults());

        assertThat(statuses).as("answers").allMatch(status -> status == 202 || REFUSALS_UNDER_FAULTS.contains(status));
        assertThat(outcomes.values().stream().filter(outcome -> keyed(outcome.n())))
                .as("keyed requests accepted within %d tries", TRIES_PER_KEY).allMatch(outcome -> outcome.jobId() != null);

        Map<String, String> results = awaitAllCompleted(accepted);

        for (Map.Entry<String, Outcome> entry : accepted.entrySet()) {
            List<FaultyApiframe.UpstreamJob> upstream = MODEL.jobsFor(entry.getKey());
            assertThat(upstream).as("upstream jobs for %s", entry.getKey()).hasSize(1);
            assertThat(results.get(entry.getValue().jobId())).as("result of %s", entry.getKey())
                    .isEqualTo("https://cdn.example.com/" + upstream.get(0).id() + ".png");
            assertThat(upstream.get(0).polls()).as("polls of %s", entry.getKey()).hasPositiveValue();
        }
        List<String> unknown = new ArrayList<>();
        MODEL.jobsByPrompt().forEach((prompt, jobs) -> {
            assertThat(outcomes).as("upstream jobs for requests never sent").containsKey(prompt);
            assertThat(jobs).as("upstream jobs for %s", prompt).hasSize(1);
            if (!accepted.containsKey(prompt)) {
                unknown.add(prompt);
            }
        });
        System.out.printf("fault soak: %d upstream jobs, %d of them for requests refused without a key%n",
                MODEL.jobsByPrompt().size(), unknown.size());
        assertThat(unknown).as("upstream jobs unknown to the gateway, for requests under a key")
                .noneMatch(prompt -> keyed(outcomes.get(prompt).n()));
        // Apiframe's faults are not the gateway's: retried, counted, and at most a WARN when they reach a caller
        try (Stream<String> log = Files.lines(Path.of("target", "fault-soak", "soak.log"))) {
            assertThat(log.filter(line -> line.contains(" ERROR "))).as("ERROR lines").isEmpty();
        }
    }

    private static Map<String, Outcome> submitAll() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Outcome>> running = new ArrayList<>();
            for (int n = 0; n < SUBMISSIONS; n++) {
                int request = n;
                running.add(clients.submit(() -> keyed(request) ? submitUnderKey(request) : submitOnce(request)));
            }
            Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
            for (Future<Outcome> outcome : running) {
                Outcome done = outcome.get();
                outcomes.put(prompt(done.n()), done);
            }
            return outcomes;
        } finally {
            clients.shutdownNow();
        }
    }

    /** A careful client: retries every refusal under the same key, then asks again and must get a replay. */
    private static Outcome submitUnderKey(int n) {
        List<Integer> statuses = new CopyOnWriteArrayList<>();
        for (int attempt = 0; attempt < TRIES_PER_KEY; attempt++) {
            HttpResponse<String> answer = post(n, "key-" + n);
            statuses.add(answer.statusCode());
            if (answer.statusCode() == 202) {
                String id = id(answer);
                HttpResponse<String> replay = post(n, "key-" + n);
                statuses.add(replay.statusCode());
                assertThat(replay.headers().firstValue("Idempotent-Replayed")).as("replay of %d", n).hasValue("true");
                assertThat(id(replay)).as("replayed job of %d", n).isEqualTo(id);
                return new Outcome(n, id, statuses);
            }
        }
        return new Outcome(n, null, statuses);
    }

    /** A client without a key: one try (a retry would be a new request, which may be charged again). */
    private static Outcome submitOnce(int n) {
        HttpResponse<String> answer = post(n, null);
        return new Outcome(n, answer.statusCode() == 202 ? id(answer) : null, List.of(answer.statusCode()));
    }

    private static Map<String, String> awaitAllCompleted(Map<String, Outcome> accepted) {
        Map<String, String> results = new ConcurrentHashMap<>();
        Map<String, Integer> pending = new ConcurrentHashMap<>();
        accepted.values().forEach(outcome -> pending.put(outcome.jobId(), outcome.n()));
        await("every accepted job completed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    for (Map.Entry<String, Integer> job : pending.entrySet()) {
                        HttpResponse<String> answer = get(job.getKey(), job.getValue());
                        assertThat(answer.statusCode()).as("job %s", job.getKey()).isEqualTo(200);
                        Matcher status = STATUS.matcher(answer.body());
                        assertThat(status.find()).isTrue();
                        assertThat(status.group(1)).as("job %s", job.getKey()).isNotEqualTo("failed");
                        if (status.group(1).equals("completed")) {
                            Matcher image = Pattern.compile("\"images\":\\[\"([^\"]+)\"").matcher(answer.body());
                            results.put(job.getKey(), image.find() ? image.group(1) : "");
                            pending.remove(job.getKey());
                        }
                    }
                    return pending.isEmpty();
                });
        return results;
    }

    private static boolean keyed(int n) {
        return n % 2 == 0;
    }

    private static String prompt(int n) {
        return "soak-" + n;
    }

    private static String tenant(int n) {
        return "soak-" + (n % TENANTS);
    }

    private static HttpResponse<String> post(int n, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url() + "/v1/upscales"))
                .header("Authorization", "Bearer " + ProcessConfig.key(tenant(n)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"image\":\"https://images.example.com/" + n
                        + ".png\",\"prompt\":\"" + prompt(n) + "\"}"));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request);
    }

    private static HttpResponse<String> get(String jobId, int n) {
        return send(HttpRequest.newBuilder(URI.create(gateway.url() + "/v1/upscales/" + jobId))
                .header("Authorization", "Bearer " + ProcessConfig.key(tenant(n))).GET());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("the gateway did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String id(HttpResponse<String> answer) {
        Matcher id = ID.matcher(answer.body());
        assertThat(id.find()).as(answer.body()).isTrue();
        return id.group(1);
    }

    private static Map<Integer, Long> count(List<Integer> statuses) {
        Map<Integer, Long> counts = new TreeMap<>();
        statuses.forEach(status -> counts.merge(status, 1L, Long::sum));
        return counts;
    }

    private static Map<String, String> config(String apiframeUrl) {
        Map<String, String> config = ProcessConfig.against(apiframeUrl);
        config.put("quarkus.rest-client.apiframe.read-timeout", Long.toString(READ_TIMEOUT.toMillis()));
        config.put("quarkus.rest-client.apiframe.connect-timeout", "1000");
        config.put("gateway.polling.initial-delay", "100ms");
        config.put("gateway.polling.max-interval", "300ms");
        config.put("gateway.jobs.timeout", "60s");
        config.put("gateway.upstream.submit-deadline", "8s");
        config.put("gateway.upstream.max-attempts", "8");
        config.put("gateway.upstream.initial-backoff", "20ms");
        config.put("gateway.upstream.max-backoff", "400ms");
        config.put("gateway.upstream.requests-per-second", "100000");
        // the breaker would turn a run of bad luck into fast 503s: this test is about what retries recover
        config.put("gateway.upstream.circuit-breaker.request-volume", "100000");
        for (int t = 0; t < TENANTS; t++) {
            ProcessConfig.tenant(config, tenant(t), "100000", "100000", "100000");
        }
        return config;
    }
}
