package gateway.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import gateway.support.TestConfig;

class CallbackTargetsTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void aTenantMayBeCalledBackAtItsListedHostsAndItsOwnDefault() {
        CallbackTargets targets = targets(Map.of("gateway.tenants.acme.callback-secret", SECRET,
                "gateway.tenants.acme.callback-hosts", "hooks.example.com",
                "gateway.tenants.acme.callback-url", "https://default.example.org/hook"));

        assertThat(targets.refusal("acme", "https://hooks.example.com/x")).isEmpty();
        assertThat(targets.refusal("acme", "https://other.example.com/x")).get().asString()
                .contains("host is not one");
        assertThat(targets.defaultUrl("acme")).contains("https://default.example.org/hook");
        assertThat(targets.tenants()).containsExactly("acme");
    }

    @Test
    void aTenantWithoutASecretHasNoCallbacks() {
        CallbackTargets targets = targets(Map.of());

        assertThat(targets.refusal("acme", "https://hooks.example.com/x")).get().asString()
                .contains("not set up for this tenant");
        assertThat(targets.defaultUrl("acme")).isEmpty();
        assertThat(targets.tenants()).isEmpty();
    }

    @Test
    void startupNamesEveryBadKeyWithoutQuotingTheSecret() {
        String badSecret = "whsec_c2hvcnQ="; // 5 bytes
        assertThatThrownBy(() -> targets(Map.of(
                "gateway.tenants.acme.callback-secret", badSecret,
                "gateway.tenants.acme.callback-url", "http://user:pw@example.org/",
                "gateway.tenants.acme.callback-hosts", "not a host",
                "gateway.tenants.globex.callback-hosts", "hooks.example.com",
                "gateway.tenants.initech.callback-secret", "c2VjcmV0LXdpdGhvdXQtdGhlLXByZWZpeC0xMjM0NTY=")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gateway.tenants.acme.callback-secret must hold a key of 24 to 64 bytes")
                .hasMessageContaining("gateway.tenants.acme.callback-url must be an absolute http or https URL")
                .hasMessageContaining("gateway.tenants.acme.callback-hosts entry 'not a host'")
                .hasMessageContaining("gateway.tenants.globex.callback-secret is required")
                .hasMessageContaining("gateway.tenants.initech.callback-secret must start with whsec_")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("c2hvcnQ").doesNotContain("c2VjcmV0"));
    }

    private static CallbackTargets targets(Map<String, String> callbackKeys) {
        Map<String, String> properties = new HashMap<>(callbackKeys);
        for (String tenant : new String[] { "acme", "globex", "initech" }) {
            properties.put("gateway.tenants." + tenant + ".key-sha256", "0".repeat(64));
            properties.put("gateway.tenants." + tenant + ".apiframe-key", "afk_" + tenant);
        }
        return new CallbackTargets(TestConfig.gateway(properties));
    }
}
