package gateway.support;

import org.eclipse.microprofile.config.ConfigProvider;

/** The management port of the application under test ({@code quarkus.management.test-port}, overridable per run). */
public final class ManagementPort {

    private ManagementPort() {
    }

    public static int get() {
        return ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    }
}
