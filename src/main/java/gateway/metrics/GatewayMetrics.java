package gateway.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import gateway.config.GatewayConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;

/**
 * The gateway's own metric families, named once here. Tenant tags only ever carry configured tenant ids, and no
 * tag carries a key, so cardinality stays bounded and nothing secret is exported.
 */
@ApplicationScoped
public class GatewayMetrics {

    /** Every outcome of a webhook on the callback route, each counted from startup. */
    private static final List<String> WEBHOOK_OUTCOMES = List.of("accepted", "stale", "unknown_job",
            "bad_signature", "malformed", "wrong_job", "too_large", "not_json", "unavailable", "error");

    private final MeterRegistry registry;
    // the meters touched by every submission, found again without rebuilding their ids: one entry per tag
    // combination, so as bounded as the tags
    private final Map<String, Counter> submissions = new ConcurrentHashMap<>();
    private final Map<String, UpstreamMeters> upstreamRequests = new ConcurrentHashMap<>();

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Registers every family at zero, so a quiet replica already exposes what dashboards and {@code rate()} alerts
     * query: one series per configured tenant and the usual label values (others appear when first counted).
     */
    void registerAtZero(@Observes StartupEvent startup, GatewayConfig config) {
        for (String tenantId : config.tenants().keySet()) {
            submissions(tenantId, "accepted");
            List.of("rate_limited", "too_many_in_flight").forEach(reason -> rateLimits(tenantId, reason));
            List.of("upstream_failed", "upstream_cancelled", "timeout", "upstream_error")
                    .forEach(code -> jobFailures(tenantId, code));
            List.of("completed", "failed").forEach(status -> jobDurations(tenantId, status));
            List.of("delivered", "retried", "gone", "expired").forEach(outcome -> callbacks(tenantId, outcome));
        }
        Map.of("submit", "202", "poll", "200", "upload", "201").forEach(this::upstreamMeters);
        List.of("submit", "poll").forEach(this::upstreamRetries);
        WEBHOOK_OUTCOMES.forEach(this::webhooksReceived);
    }

    /** One submission's outcome: {@code accepted}, {@code replayed}, or the problem code it was refused with. */
    public void submission(String tenantId, String outcome) {
        submissions(tenantId, outcome).increment();
    }

    private Counter submissions(String tenantId, String outcome) {
        return submissions.computeIfAbsent(tenantId + ' ' + outcome, key -> Counter.builder("gateway.submissions")
                .description("Submissions by tenant and outcome")
                .tag("tenant", tenantId).tag("outcome", outcome).register(registry));
    }

    /** A request refused by a tenant limit; reason {@code rate_limited} or {@code too_many_in_flight}. */
    public void rateLimited(String tenantId, String reason) {
        rateLimits(tenantId, reason).increment();
    }

    private Counter rateLimits(String tenantId, String reason) {
        return Counter.builder("gateway.rate.limited").description("Requests refused by a tenant limit")
                .tag("tenant", tenantId).tag("reason", reason).register(registry);
    }

    /** A job that ended failed, by its error code ({@code timeout}, {@code upstream_failed}, ...). */
    public void jobFailed(String tenantId, String code) {
        jobFailures(tenantId, code).increment();
    }

    private Counter jobFailures(String tenantId, String code) {
        return Counter.builder("gateway.jobs.failed").description("Jobs that ended failed, by error code")
                .tag("tenant", tenantId).tag("code", code).register(registry);
    }

    public void jobFinished(String tenantId, String status, Duration duration) {
        jobDurations(tenantId, status).record(duration);
    }

    private Timer jobDurations(String tenantId, String status) {
        return Timer.builder("gateway.job.duration").description("Time from acceptance to a terminal state")
                .tag("tenant", tenantId).tag("status", status).publishPercentileHistogram()
                .register(registry);
    }

    /** One call to Apiframe: operation {@code submit}, {@code poll} or {@code upload}; status its HTTP status. */
    public void upstreamRequest(String operation, String status, Duration latency) {
        UpstreamMeters meters = upstreamMeters(operation, status);
        meters.requests().increment();
        meters.latency().record(latency);
    }

    private UpstreamMeters upstreamMeters(String operation, String status) {
        return upstreamRequests.computeIfAbsent(operation + ' ' + status, key -> new UpstreamMeters(
                Counter.builder("gateway.upstream.requests").description("Calls to Apiframe by operation and status")
                        .tag("operation", operation).tag("status", status).register(registry),
                Timer.builder("gateway.upstream.latency").description("Apiframe response time by operation")
                        .tag("operation", operation).publishPercentileHistogram().register(registry)));
    }

    private record UpstreamMeters(Counter requests, Timer latency) {
    }

    public void upstreamRetry(String operation) {
        upstreamRetries(operation).increment();
    }

    private Counter upstreamRetries(String operation) {
        return Counter.builder("gateway.upstream.retries").description("Calls to Apiframe made again after a failure")
                .tag("operation", operation).register(registry);
    }

    /**
     * One settled callback attempt or delivery: {@code delivered}, {@code retried} (an attempt failed and will be
     * made again), {@code gone} (a 410), {@code expired} (given up) or {@code dropped} (the tenant's queue was full).
     */
    public void callback(String tenantId, String outcome) {
        callbacks(tenantId, outcome).increment();
    }

    private Counter callbacks(String tenantId, String outcome) {
        return Counter.builder("gateway.callbacks").description("Callback deliveries by tenant and outcome")
                .tag("tenant", tenantId).tag("outcome", outcome).register(registry);
    }

    /** How long the oldest queued callback delivery has waited, over the tenants' queues. */
    public void callbackQueueAgeGauge(Supplier<Number> seconds) {
        Gauge.builder("gateway.callback.queue.age", seconds).description("Age of the oldest queued callback delivery")
                .baseUnit("seconds").register(registry);
    }

    /** One request on Apiframe's callback route, by what became of it ({@code accepted}, {@code stale}, a refusal). */
    public void webhookReceived(String outcome) {
        webhooksReceived(outcome).increment();
    }

    private Counter webhooksReceived(String outcome) {
        return Counter.builder("gateway.webhooks.received").description("Apiframe webhooks received, by outcome")
                .tag("outcome", outcome).register(registry);
    }

    public void inFlightGauge(String tenantId, Supplier<Number> inFlight) {
        Gauge.builder("gateway.jobs.in.flight", inFlight).description("Non-terminal jobs by tenant")
                .tag("tenant", tenantId).register(registry);
    }

    /** 1 while the circuit breaker on Apiframe submissions is open (or half-open), else 0. */
    public void circuitOpenGauge(Supplier<Number> open) {
        Gauge.builder("gateway.upstream.circuit.open", open).description("Apiframe circuit breaker not closed")
                .register(registry);
    }

    /** The memory store's estimated bytes held, its budget, and its jobs. */
    public void storeGauges(Supplier<Number> bytes, Supplier<Number> maxBytes, Supplier<Number> jobs) {
        Gauge.builder("gateway.store.bytes", bytes).description("Estimated heap held by the memory store")
                .baseUnit("bytes").register(registry);
        Gauge.builder("gateway.store.max.bytes", maxBytes).description("The memory store's budget (gateway.jobs.max-memory)")
                .baseUnit("bytes").register(registry);
        Gauge.builder("gateway.store.jobs", jobs).description("Jobs held by the memory store").register(registry);
    }

    public void sseSubscribersGauge(Supplier<Number> subscribers) {
        Gauge.builder("gateway.sse.subscribers", subscribers).description("Open progress streams")
                .register(registry);
    }

    /** The cap on open progress streams, beside {@code gateway_sse_subscribers} so autoscaling can use the ratio. */
    public void sseMaxStreamsGauge(Supplier<Number> maxStreams) {
        Gauge.builder("gateway.sse.max.streams", maxStreams).description("Progress streams this instance may hold")
                .register(registry);
    }
}
