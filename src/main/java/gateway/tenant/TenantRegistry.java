package gateway.tenant;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import gateway.config.GatewayConfig;
import gateway.config.GatewayConfig.TenantConfig;
import gateway.digest.Sha256;
import io.quarkus.runtime.Startup;

/**
 * The configured tenants, built once at startup from {@code gateway.tenants.*}. Bearer keys are never stored:
 * a presented key is hashed and compared, in constant time, against every tenant's SHA-256 digest.
 */
@Startup // validated at startup, so a bad tenant configuration stops the gateway before it serves anything
@ApplicationScoped
public class TenantRegistry {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private final List<Entry> entries;
    private final Map<String, Tenant> byId;

    public TenantRegistry(GatewayConfig config) {
        this.entries = buildEntries(config);
        Map<String, Tenant> tenants = new TreeMap<>();
        entries.forEach(entry -> tenants.put(entry.tenant().id(), entry.tenant()));
        this.byId = Map.copyOf(tenants);
    }

    /** The tenant whose key digest matches, checking every tenant so the time taken does not depend on which one. */
    public Optional<Tenant> authenticate(String bearerKey) {
        byte[] presented = Sha256.of(bearerKey);
        Tenant match = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.keyDigest(), presented)) {
                match = entry.tenant();
            }
        }
        return Optional.ofNullable(match);
    }

    public Optional<Tenant> byId(String tenantId) {
        return Optional.ofNullable(byId.get(tenantId));
    }

    public List<Tenant> all() {
        return List.copyOf(byId.values());
    }

    private static List<Entry> buildEntries(GatewayConfig config) {
        if (config.tenants().isEmpty()) {
            throw new IllegalStateException("No tenant is configured: set gateway.tenants.<tenant>.key-sha256 and "
                    + "gateway.tenants.<tenant>.apiframe-key for at least one tenant");
        }
        List<String> problems = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        new TreeMap<>(config.tenants()).forEach((id, tenantConfig) -> {
            Optional<Entry> entry = toEntry(id, tenantConfig, config.defaults(), problems);
            entry.ifPresent(entries::add);
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid tenant configuration: " + String.join("; ", problems));
        }
        return List.copyOf(entries);
    }

    private static Optional<Entry> toEntry(String id, TenantConfig tenant, GatewayConfig.Defaults defaults,
            List<String> problems) {
        String prefix = "gateway.tenants." + id + ".";
        int before = problems.size();
        if (!TENANT_ID.matcher(id).matches()) {
            problems.add("tenant id '" + id + "' must be 1-64 letters, digits, '_', '.' or '-'");
        }
        String digest = tenant.keySha256().map(String::strip).orElse("");
        if (digest.isEmpty()) {
            problems.add(prefix + "key-sha256 is required");
        } else if (!SHA256_HEX.matcher(digest).matches()) {
            problems.add(prefix + "key-sha256 must be 64 lower-case hex characters (the SHA-256 of the tenant key)");
        }
        String apiframeKey = tenant.apiframeKey().map(String::strip).orElse("");
        if (apiframeKey.isEmpty()) {
            problems.add(prefix + "apiframe-key is required");
        }
        double rate = tenant.requestsPerSecond().orElse(defaults.requestsPerSecond());
        int burst = tenant.burst().orElse(defaults.burst());
        int maxInFlight = tenant.maxInFlight().orElse(defaults.maxInFlight());
        if (!(rate > 0)) {
            problems.add(prefix + "requests-per-second must be greater than 0");
        }
        if (burst < 1) {
            problems.add(prefix + "burst must be at least 1");
        }
        if (maxInFlight < 1) {
            problems.add(prefix + "max-in-flight must be at least 1");
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        Tenant value = new Tenant(id, apiframeKey, new TenantLimits(rate, burst, maxInFlight));
        return Optional.of(new Entry(HexFormat.of().parseHex(digest), value));
    }

    private record Entry(byte[] keyDigest, Tenant tenant) {
    }
}
