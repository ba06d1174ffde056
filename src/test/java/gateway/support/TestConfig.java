package gateway.support;

import java.util.Map;

import gateway.config.GatewayConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Builds a {@link GatewayConfig} from properties, for unit tests that need no running application. */
public final class TestConfig {

    private TestConfig() {
    }

    public static GatewayConfig gateway(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .addDiscoveredConverters()
                .withMapping(GatewayConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return config.getConfigMapping(GatewayConfig.class);
    }
}
