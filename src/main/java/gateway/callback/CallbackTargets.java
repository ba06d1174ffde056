package gateway.callback;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import gateway.config.GatewayConfig;
import gateway.config.GatewayConfig.TenantConfig;
import io.quarkus.runtime.Startup;

/**
 * Who may be called back where, built once at startup from {@code gateway.tenants.<t>.callback-*}: a tenant with a
 * {@code callback-secret} may have its jobs delivered, to its {@code callback-url} (the operator's own choice, so
 * always allowed) or to a submission's {@code callbackUrl} whose host its {@code callback-hosts} lists. A tenant
 * without a secret gets no callbacks; hosts or a URL without a secret stop the gateway at startup.
 */
@Startup // validated at startup, so a bad callback configuration stops the gateway before it serves anything
@ApplicationScoped
public class CallbackTargets {

    /** The longest callback URL, in characters: a submission's and a tenant's default alike. */
    public static final int MAX_URL_LENGTH = 2048;

    private final Map<String, Policy> policies;

    CallbackTargets(GatewayConfig config) {
        List<String> problems = new ArrayList<>();
        Map<String, Policy> built = new TreeMap<>();
        config.tenants().forEach((tenantId, tenant) -> policy(tenantId, tenant, problems)
                .ifPresent(policy -> built.put(tenantId, policy)));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid callback configuration: " + String.join("; ", problems));
        }
        this.policies = Map.copyOf(built);
    }

    /** The tenant's default callback URL, for submissions that name none. */
    public Optional<String> defaultUrl(String tenantId) {
        return Optional.ofNullable(policies.get(tenantId)).map(Policy::defaultUrl);
    }

    /** Why the tenant's submission may not name this (well-formed, http or https) callback URL; empty if it may. */
    public Optional<String> refusal(String tenantId, String url) {
        Policy policy = policies.get(tenantId);
        if (policy == null) {
            return Optional.of("is not allowed: callbacks are not set up for this tenant");
        }
        if (!policy.hosts().allows(URI.create(url).getHost())) {
            return Optional.of("is not allowed: its host is not one this tenant may be called back at");
        }
        return Optional.empty();
    }

    /** The tenants that may have callbacks, the only ones whose queues are looked at. */
    Set<String> tenants() {
        return policies.keySet();
    }

    CallbackSecret secret(String tenantId) {
        return policies.get(tenantId).secret();
    }

    private static Optional<Policy> policy(String tenantId, TenantConfig tenant, List<String> problems) {
        String prefix = "gateway.tenants." + tenantId + ".";
        Optional<String> secretText = tenant.callbackSecret().map(String::strip).filter(s -> !s.isEmpty());
        if (secretText.isEmpty()) {
            if (tenant.callbackUrl().isPresent() || tenant.callbackHosts().isPresent()) {
                problems.add(prefix + "callback-secret is required with callback-url or callback-hosts");
            }
            return Optional.empty();
        }
        int before = problems.size();
        CallbackSecret secret = null;
        try {
            secret = CallbackSecret.parse(secretText.get());
        } catch (IllegalArgumentException e) {
            problems.add(prefix + "callback-secret " + e.getMessage()); // the message never quotes the secret
        }
        String defaultUrl = tenant.callbackUrl().map(String::strip).orElse(null);
        if (defaultUrl != null) {
            malformed(defaultUrl).ifPresent(problem -> problems.add(prefix + "callback-url " + problem));
        }
        HostAllowList hosts = HostAllowList.parse(tenant.callbackHosts().orElse(List.of()),
                prefix + "callback-hosts", problems);
        return problems.size() > before ? Optional.empty() : Optional.of(new Policy(hosts, defaultUrl, secret));
    }

    /** What is wrong with a configured callback URL, if anything: the rules a submission's callbackUrl follows. */
    private static Optional<String> malformed(String url) {
        if (url.length() > MAX_URL_LENGTH || url.getBytes(StandardCharsets.UTF_8).length != url.length()) {
            return Optional.of("must be at most " + MAX_URL_LENGTH + " ASCII characters");
        }
        try {
            URI uri = new URI(url);
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            if (!http || uri.getHost() == null || uri.getRawUserInfo() != null) {
                return Optional.of("must be an absolute http or https URL with a host and no user info");
            }
            return Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.of("is not a URL");
        }
    }

    private record Policy(HostAllowList hosts, String defaultUrl, CallbackSecret secret) {
    }
}
