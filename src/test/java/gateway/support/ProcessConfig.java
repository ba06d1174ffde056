package gateway.support;

import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import gateway.digest.Sha256;

/** Configuration for {@link GatewayProcess} tests: what every one of them sets, and tenants named for their keys. */
public final class ProcessConfig {

    public static final Duration POLL_INITIAL_DELAY = Duration.ofMillis(100);
    public static final Duration POLL_MAX_INTERVAL = Duration.ofMillis(300);

    private ProcessConfig() {
    }

    /** Apiframe at this URL, plain-text logs to read, and no shutdown delay to wait out. */
    public static Map<String, String> against(String apiframeUrl) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.rest-client.apiframe.url", apiframeUrl);
        config.put("quarkus.log.console.json.enabled", "false");
        config.put("quarkus.shutdown.delay-enabled", "false");
        return config;
    }

    /** The process's own emulator as Apiframe: enabled, and the client pointed at the process's own HTTP port. */
    public static Map<String, String> onItsOwnEmulator() {
        Map<String, String> config = against("http://127.0.0.1:${quarkus.http.port}"); // the process resolves it
        config.put("gateway.emulator.enabled", "true");
        return config;
    }

    /** A replica storing in this Redis, polling quickly, holding poll leases this long, not paced upstream. */
    public static Map<String, String> redisReplica(String apiframeUrl, String redisUrl, Duration lease) {
        Map<String, String> config = against(apiframeUrl);
        config.put("gateway.store", "redis");
        config.put("quarkus.redis.hosts", redisUrl);
        config.put("gateway.polling.initial-delay", POLL_INITIAL_DELAY.toMillis() + "ms");
        config.put("gateway.polling.max-interval", POLL_MAX_INTERVAL.toMillis() + "ms");
        config.put("gateway.polling.lease", lease.toMillis() + "ms");
        config.put("gateway.upstream.requests-per-second", "1000");
        return config;
    }

    /** Adds a tenant whose bearer key is {@link #key key(name)}, with these limits. */
    public static void tenant(Map<String, String> config, String name, String requestsPerSecond, String burst,
            String maxInFlight) {
        String prefix = "gateway.tenants." + name + ".";
        config.put(prefix + "key-sha256", HexFormat.of().formatHex(Sha256.of(key(name))));
        config.put(prefix + "apiframe-key", "afk_it_" + name + "_key");
        config.put(prefix + "requests-per-second", requestsPerSecond);
        config.put(prefix + "burst", burst);
        config.put(prefix + "max-in-flight", maxInFlight);
    }

    public static String key(String tenant) {
        return tenant + "-secret-key";
    }
}
