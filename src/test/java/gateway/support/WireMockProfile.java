package gateway.support;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Runs the gateway against {@link WireMockUpstream} instead of the emulator, with a short job timeout, polling its
 * jobs: WireMock sends no webhooks, so none are asked for (an empty base URL is no base URL).
 */
public class WireMockProfile implements QuarkusTestProfile {

    public static final String JOB_TIMEOUT = "8s";
    public static final String SUBMIT_DEADLINE = "5s";

    @Override
    public Map<String, String> getConfigOverrides() {
        // the breaker only trips in the test about it, never by the failures other tests provoke on purpose
        return Map.of("gateway.jobs.timeout", JOB_TIMEOUT, "gateway.upstream.submit-deadline", SUBMIT_DEADLINE,
                "gateway.upstream.circuit-breaker.request-volume", "1000", "gateway.public-base-url", "");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(WireMockUpstream.class));
    }
}
