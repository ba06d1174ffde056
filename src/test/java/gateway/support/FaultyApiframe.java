package gateway.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * Apiframe as a WireMock extension that keeps state: a submission creates a job once per upstream
 * {@code Idempotency-Key} and replays it for the same key, as Apiframe does, so duplicates can be counted; a job
 * goes queued, processing, completed with time. A share of all calls misbehave at random, before or after the
 * job was created: 5xx, 429 with Retry-After, connection resets, answers later than the gateway's read timeout,
 * and bodies that are not JSON.
 */
public final class FaultyApiframe implements ResponseDefinitionTransformerV2 {

    private static final Pattern PROMPT = Pattern.compile("\"prompt\":\"([^\"]*)\"");
    private static final Pattern JOB_PATH = Pattern.compile("^/v2/jobs/([^/?]+)$");

    /** A job Apiframe created, with the prompt it was created for and how often it was polled. */
    public record UpstreamJob(String id, String prompt, long createdAtNanos, AtomicInteger polls) {
    }

    // bounded by the test's submissions: one entry per upstream key and per job
    private final Map<String, UpstreamJob> jobsByKey = new ConcurrentHashMap<>();
    private final Map<String, UpstreamJob> jobsById = new ConcurrentHashMap<>();
    private final Map<String, List<UpstreamJob>> jobsByPrompt = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> faults = new ConcurrentHashMap<>();
    private final Random random;
    private final double faultRate;
    private final Duration lateBy;

    /** {@code faultRate}: share of calls that misbehave; {@code lateBy}: how late a late answer is. */
    public FaultyApiframe(long seed, double faultRate, Duration lateBy) {
        this.random = new Random(seed);
        this.faultRate = faultRate;
        this.lateBy = lateBy;
    }

    @Override
    public String getName() {
        return "faulty-apiframe";
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Request request = serveEvent.getRequest();
        Matcher poll = JOB_PATH.matcher(request.getUrl());
        if (request.getMethod().getName().equals("POST") && request.getUrl().equals(ApiframeStubs.SUBMIT_PATH)) {
            return submit(request).build();
        }
        if (request.getMethod().getName().equals("GET") && poll.matches()) {
            return poll(poll.group(1)).build();
        }
        return aResponse().withStatus(404).build();
    }

    private ResponseDefinitionBuilder submit(Request request) {
        double draw = draw();
        if (draw < faultRate * 0.15) {
            return fault("submit 503 before creating", json(503, "{\"error\":\"overloaded\"}"));
        }
        if (draw < faultRate * 0.20) {
            return fault("submit 429", json(429, "{\"error\":\"slow down\"}").withHeader("Retry-After", "1"));
        }
        if (draw < faultRate * 0.35) {
            return fault("submit reset before creating", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        }
        if (draw < faultRate * 0.45) {
            return fault("submit late before creating", json(503, "{\"error\":\"late\"}")
                    .withFixedDelay((int) lateBy.toMillis()));
        }
        if (draw < faultRate * 0.55) {
            return fault("submit garbage", aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody("<html>upstream connect error</html>"));
        }
        UpstreamJob job = create(request);
        ResponseDefinitionBuilder accepted = json(202, "{\"jobId\":\"" + job.id() + "\",\"status\":\"QUEUED\"}");
        if (draw < faultRate * 0.75) {
            return fault("submit created, then reset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        }
        if (draw < faultRate * 0.90) {
            return fault("submit created, answer late", accepted.withFixedDelay((int) lateBy.toMillis()));
        }
        if (draw < faultRate) {
            return fault("submit created, then 502", json(502, "{\"error\":\"bad gateway\"}"));
        }
        return accepted;
    }

    private ResponseDefinitionBuilder poll(String id) {
        double draw = draw();
        if (draw < faultRate * 0.3) {
            return fault("poll 503", json(503, "{\"error\":\"overloaded\"}"));
        }
        if (draw < faultRate * 0.5) {
            return fault("poll reset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        }
        if (draw < faultRate * 0.7) {
            return fault("poll late", json(200, "{}").withFixedDelay((int) lateBy.toMillis()));
        }
        if (draw < faultRate) {
            return fault("poll garbage", aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody("{\"jobId\":"));
        }
        UpstreamJob job = jobsById.get(id);
        if (job == null) {
            return json(404, "{\"error\":\"no such job\"}");
        }
        job.polls().incrementAndGet();
        long ageMillis = (System.nanoTime() - job.createdAtNanos()) / 1_000_000;
        if (ageMillis < 300) {
            return json(200, "{\"jobId\":\"" + id + "\",\"status\":\"QUEUED\"}");
        }
        if (ageMillis < 600) {
            return json(200, "{\"jobId\":\"" + id + "\",\"status\":\"PROCESSING\",\"progress\":50}");
        }
        return json(200, "{\"jobId\":\"" + id + "\",\"status\":\"COMPLETED\",\"progress\":100,"
                + "\"result\":{\"images\":[\"https://cdn.example.com/" + id + ".png\"]}}");
    }

    private UpstreamJob create(Request request) {
        String key = request.getHeader("Idempotency-Key");
        return jobsByKey.computeIfAbsent(key, k -> {
            Matcher prompt = PROMPT.matcher(request.getBodyAsString());
            UpstreamJob job = new UpstreamJob(UUID.randomUUID().toString(), prompt.find() ? prompt.group(1) : "",
                    System.nanoTime(), new AtomicInteger());
            jobsById.put(job.id(), job);
            jobsByPrompt.computeIfAbsent(job.prompt(), p -> new CopyOnWriteArrayList<>()).add(job);
            return job;
        });
    }

    private synchronized double draw() {
        return random.nextDouble();
    }

    private ResponseDefinitionBuilder fault(String kind, ResponseDefinitionBuilder answer) {
        faults.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        return answer;
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    /** The jobs created for a prompt: more than one is a duplicate. */
    public List<UpstreamJob> jobsFor(String prompt) {
        return jobsByPrompt.getOrDefault(prompt, List.of());
    }

    public Map<String, List<UpstreamJob>> jobsByPrompt() {
        return jobsByPrompt;
    }

    /** How many calls got each kind of fault. */
    public Map<String, AtomicInteger> faults() {
        return faults;
    }
}
