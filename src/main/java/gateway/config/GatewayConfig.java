package gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The gateway's typed configuration: every {@code gateway.*} key the operator can set. */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** Tenants by id; validated at startup by the tenant registry. */
    Map<String, TenantConfig> tenants();

    Defaults defaults();

    Polling polling();

    Jobs jobs();

    Sse sse();

    Upstream upstream();

    Limits limits();

    Redis redis();

    Callbacks callbacks();

    @WithDefault("memory")
    StoreKind store();

    /**
     * The gateway's address as Apiframe reaches it (an absolute http or https URL). Set, every submission asks
     * Apiframe for the job's webhooks at this base plus {@code /webhooks/apiframe/<tenant>/<job>}; unset, jobs are
     * only polled.
     */
    Optional<String> publicBaseUrl();

    enum StoreKind { MEMORY, REDIS }

    interface TenantConfig {
        /** Optional here so the registry can name exactly what is missing. */
        Optional<String> keySha256();

        Optional<String> apiframeKey();

        Optional<Double> requestsPerSecond();

        OptionalInt burst();

        OptionalInt maxInFlight();

        /** Where the tenant's jobs are delivered when a submission names no callbackUrl. */
        Optional<String> callbackUrl();

        /** The hosts and CIDR blocks a submission's callbackUrl may name; absent: none. */
        Optional<List<String>> callbackHosts();

        /** whsec_ and the base64 of the key every delivery to the tenant is signed with; never logged. */
        Optional<String> callbackSecret();
    }

    interface Defaults {
        @WithDefault("5")
        double requestsPerSecond();

        @WithDefault("10")
        int burst();

        @WithDefault("50")
        int maxInFlight();
    }

    interface Polling {
        @WithDefault("2s")
        Duration initialDelay();

        @WithDefault("5s")
        Duration maxInterval();

        /** How many upstream polls may be outstanding at once across all jobs. */
        @WithDefault("64")
        int maxConcurrent();

        /**
         * With Redis: how long a replica's claim to poll a job lasts without renewal (each poll renews it), and so
         * how soon another replica takes over the jobs of one that died.
         */
        @WithDefault("15s")
        Duration lease();

        /** With webhooks on (public-base-url set): how long a job goes without news before it is polled. */
        @WithDefault("30s")
        Duration webhookGrace();
    }

    interface Jobs {
        @WithDefault("10m")
        Duration timeout();

        @WithDefault("24h")
        Duration retention();

        /** Cap on stored jobs (memory store), beside max-memory; the oldest terminal ones are evicted beyond it. */
        @WithDefault("100000")
        int maxEntries();

        /** Heap the memory store may fill (estimated); absent: 40% of the JVM's maximum heap. */
        Optional<MemorySize> maxMemory();
    }

    interface Sse {
        @WithDefault("15s")
        Duration heartbeat();

        /** Event streams open at once; more are refused with a 503. Default: derived from the descriptor limit. */
        OptionalInt maxStreams();
    }

    interface Upstream {
        @WithDefault("20s")
        Duration submitDeadline();

        @WithDefault("20")
        double requestsPerSecond();

        /** Attempts per submission, the first included; transient failures only are retried. */
        @WithDefault("5")
        int maxAttempts();

        /** Backoff ceiling before the first retry; it doubles per retry (full jitter) up to max-backoff. */
        @WithDefault("250ms")
        Duration initialBackoff();

        @WithDefault("8s")
        Duration maxBackoff();

        /** Submissions and uploads running against Apiframe at once; more wait in the queue. */
        @WithDefault("64")
        int maxConcurrentSubmissions();

        /** Submissions allowed to wait for a slot; beyond it they are refused at once with a 503. */
        @WithDefault("256")
        int submissionQueue();

        CircuitBreaker circuitBreaker();
    }

    interface CircuitBreaker {
        /** How many recent submissions the failure ratio is computed over. */
        @WithDefault("10")
        int requestVolume();

        @WithDefault("0.5")
        double failureRatio();

        /** How long the breaker stays open before letting a trial submission through. */
        @WithDefault("30s")
        Duration delay();
    }

    interface Redis {
        /**
         * With gateway.store=redis: the longest one Redis command may take, waiting for a pooled connection
         * included, before the request that needs it fails with 503 store_unavailable.
         */
        @WithDefault("1s")
        Duration commandTimeout();

        /**
         * Jobs Apiframe accepted that Redis could not record at once, kept by this replica and retried until it can;
         * beyond it such a submission is answered 503 store_unavailable.
         */
        @WithDefault("1000")
        int maxUnrecordedJobs();
    }

    interface Callbacks {
        /** How long after a change its delivery is retried before the gateway gives up on it. */
        @WithDefault("24h")
        Duration maxAge();

        /** Deliveries one replica makes at once for one tenant, so a slow receiver holds up its own tenant only. */
        @WithDefault("8")
        int maxConcurrentPerTenant();

        /** The longest one delivery attempt may take, connecting included, before it counts as failed. */
        @WithDefault("10s")
        Duration timeout();

        /** Backoff ceiling after the first failed attempt; doubles per attempt up to max-backoff (jitter below it). */
        @WithDefault("5s")
        Duration initialBackoff();

        @WithDefault("1h")
        Duration maxBackoff();

        /** Deliveries queued per tenant, one per job at most; a change beyond it is not delivered. */
        @WithDefault("1000")
        int maxPendingPerTenant();
    }

    interface Limits {
        /** Largest accepted JSON body. */
        @WithDefault("64K")
        MemorySize maxJsonBody();

        /** Largest accepted uploaded image (multipart {@code file} part). */
        @WithDefault("25M")
        MemorySize maxFileSize();
    }
}
