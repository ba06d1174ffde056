package gateway.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import gateway.support.TestConfig;

class TenantRegistryTest {

    private static final String ACME_DIGEST = "b81ff514581f28cf9536d9227563cf3a93e9ced7728e175b4e1d044be8a3ef29";

    @Test
    void authenticatesByTheDigestOfTheBearerKey() {
        TenantRegistry registry = registry(Map.of(
                "gateway.tenants.acme.key-sha256", ACME_DIGEST,
                "gateway.tenants.acme.apiframe-key", "afk_acme"));

        assertThat(registry.authenticate("acme-secret-key")).map(Tenant::id).contains("acme");
        assertThat(registry.authenticate("acme-secret-key ")).isEmpty();
        assertThat(registry.authenticate(ACME_DIGEST)).isEmpty();
    }

    @Test
    void appliesDefaultLimitsWhereATenantSetsNone() {
        TenantRegistry registry = registry(Map.of(
                "gateway.tenants.acme.key-sha256", ACME_DIGEST,
                "gateway.tenants.acme.apiframe-key", "afk_acme",
                "gateway.tenants.acme.burst", "3",
                "gateway.defaults.requests-per-second", "2.5",
                "gateway.defaults.max-in-flight", "7"));

        assertThat(registry.byId("acme").orElseThrow().limits()).isEqualTo(new TenantLimits(2.5, 3, 7));
    }

    @Test
    void neverPrintsTheApiframeKey() {
        TenantRegistry registry = registry(Map.of(
                "gateway.tenants.acme.key-sha256", ACME_DIGEST,
                "gateway.tenants.acme.apiframe-key", "afk_super_secret"));

        assertThat(registry.byId("acme").orElseThrow().toString()).contains("acme").doesNotContain("afk_super_secret");
    }

    @Test
    void refusesToStartWithoutTenants() {
        assertThatThrownBy(() -> registry(Map.of()))
                .hasMessageContaining("No tenant is configured")
                .hasMessageContaining("gateway.tenants.<tenant>.key-sha256");
    }

    @Test
    void namesEveryMissingOrMalformedTenantSetting() {
        Map<String, String> properties = new HashMap<>();
        properties.put("gateway.tenants.acme.apiframe-key", "afk_acme");
        properties.put("gateway.tenants.globex.key-sha256", "NOT-HEX");
        properties.put("gateway.tenants.globex.apiframe-key", "afk_globex");
        properties.put("gateway.tenants.initech.key-sha256", ACME_DIGEST);
        properties.put("gateway.tenants.initech.max-in-flight", "0");

        assertThatThrownBy(() -> registry(properties))
                .hasMessageContaining("gateway.tenants.acme.key-sha256 is required")
                .hasMessageContaining("gateway.tenants.globex.key-sha256 must be 64 lower-case hex characters")
                .hasMessageContaining("gateway.tenants.initech.apiframe-key is required")
                .hasMessageContaining("gateway.tenants.initech.max-in-flight must be at least 1")
                .hasMessageNotContaining("afk_");
    }

    private static TenantRegistry registry(Map<String, String> properties) {
        return new TenantRegistry(TestConfig.gateway(properties));
    }
}
