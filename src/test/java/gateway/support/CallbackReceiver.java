package gateway.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A WireMock server playing the tenants' callback receivers, on a free port: acme may be called back at
 * {@code localhost} (a host name), globex at {@code 127.0.0.0/8} (a CIDR block, which a name never matches) and by
 * default at {@code /globex/default}; initech has no callbacks.
 */
public class CallbackReceiver implements QuarkusTestResourceLifecycleManager {

    public static final String ACME_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    public static final String GLOBEX_SECRET = "whsec_dGhpcyBpcyBnbG9iZXgncyBzaWduaW5nIGtleSE=";
    public static final String GLOBEX_DEFAULT_PATH = "/globex/default";

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        // threads enough for a slow receiver holding some while others answer
        server = new WireMockServer(wireMockConfig().dynamicPort().containerThreads(30));
        server.start();
        return Map.of(
                "gateway.tenants.acme.callback-secret", ACME_SECRET,
                "gateway.tenants.acme.callback-hosts", "localhost,hooks.example.com",
                "gateway.tenants.globex.callback-secret", GLOBEX_SECRET,
                "gateway.tenants.globex.callback-hosts", "127.0.0.0/8",
                "gateway.tenants.globex.callback-url", "http://127.0.0.1:" + server.port() + GLOBEX_DEFAULT_PATH);
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(InjectCallbackReceiver.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
