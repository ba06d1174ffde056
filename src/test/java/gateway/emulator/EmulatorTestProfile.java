package gateway.emulator;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Turns the emulator on with short jobs, two API keys and a 1-megapixel output limit that tests can reach. */
public class EmulatorTestProfile implements QuarkusTestProfile {

    static final String API_KEY = "afk_demo_emulator_key_not_secret";
    static final String OTHER_API_KEY = "afk_test_other_team_key";
    static final long MAX_OUTPUT_PIXELS = 1_000_000;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "gateway.emulator.enabled", "true",
                "gateway.emulator.job-duration", "1s",
                "gateway.emulator.api-keys", API_KEY + "," + OTHER_API_KEY,
                "gateway.emulator.max-output-pixels", Long.toString(MAX_OUTPUT_PIXELS));
    }
}
