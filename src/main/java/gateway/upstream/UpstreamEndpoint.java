package gateway.upstream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import gateway.emulator.EmulatorConfig;
import io.quarkus.vertx.http.HttpServerStart;

/**
 * Where Apiframe is: {@code quarkus.rest-client.apiframe.url}, or this very server when the embedded emulator is
 * enabled, so the emulator is reached over HTTP through the same client path as the real Apiframe.
 */
@ApplicationScoped
class UpstreamEndpoint {

    private final String configuredUrl;
    private final boolean emulatorEnabled;
    private volatile String localUrl;

    UpstreamEndpoint(@ConfigProperty(name = "quarkus.rest-client.apiframe.url") String configuredUrl,
            EmulatorConfig emulator) {
        this.configuredUrl = configuredUrl;
        this.emulatorEnabled = emulator.enabled();
    }

    // Quarkus announces the started server asynchronously
    void onHttpServerStart(@ObservesAsync HttpServerStart start) {
        String host = start.options().getHost();
        boolean anyAddress = host == null || host.equals("0.0.0.0") || host.equals("::");
        localUrl = "http://" + (anyAddress ? "localhost" : host) + ":" + start.options().getPort();
    }

    String baseUrl() {
        return emulatorEnabled && localUrl != null ? localUrl : configuredUrl;
    }
}
