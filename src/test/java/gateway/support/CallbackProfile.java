package gateway.support;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Apiframe played by {@link WireMockUpstream}, the callback receivers by {@link CallbackReceiver}, and quick
 * callback retries: the first after 100 to 200 ms, none later than 400 ms, each attempt within 2 s, at most two at
 * once per tenant.
 */
public class CallbackProfile extends WireMockProfile {

    public static final String ATTEMPT_TIMEOUT = "2s";

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.put("gateway.callbacks.initial-backoff", "200ms");
        overrides.put("gateway.callbacks.max-backoff", "400ms");
        overrides.put("gateway.callbacks.timeout", ATTEMPT_TIMEOUT);
        overrides.put("gateway.callbacks.max-concurrent-per-tenant", "2");
        return overrides;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(WireMockUpstream.class), new TestResourceEntry(CallbackReceiver.class));
    }
}
