package gateway.emulator;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Placeholder until the emulator lands: the emulator's configuration keys. */
@ConfigMapping(prefix = "gateway.emulator")
public interface EmulatorConfig {

    @WithDefault("false")
    boolean enabled();

    @WithDefault("8s")
    Duration jobDuration();

    @WithDefault("afk_demo_emulator_key_not_secret")
    List<String> apiKeys();

    @WithDefault("1000")
    int maxJobs();

    @WithDefault("268435456")
    long maxStoredBytes();

    @WithDefault("67108864")
    long maxOutputPixels();
}
