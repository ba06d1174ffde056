package gateway.api;

import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Defaults {@code quarkus.http.limits.max-connections} to what the descriptor limit leaves for inbound
 * connections ({@link DescriptorBudget}): beyond it Quarkus closes a new connection at once, so the process never
 * runs out of descriptors. Its ordinal is below {@code application.properties}, so any explicit setting wins.
 */
public class DescriptorLimitConfigSource implements ConfigSource {

    static final String MAX_CONNECTIONS = "quarkus.http.limits.max-connections";

    private final Map<String, String> properties = DescriptorBudget.descriptorLimit().stream()
            .mapToObj(limit -> Map.of(MAX_CONNECTIONS, Long.toString(DescriptorBudget.maxConnections(limit))))
            .findFirst().orElse(Map.of());

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "descriptor-limit";
    }

    @Override
    public int getOrdinal() {
        return 150;
    }
}
