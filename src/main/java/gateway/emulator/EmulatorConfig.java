package gateway.emulator;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The embedded Apiframe emulator's settings ({@code gateway.emulator.*}); it is meant for dev and test only. */
@ConfigMapping(prefix = "gateway.emulator")
public interface EmulatorConfig {

    /** Serve the emulator's routes on the application's HTTP server. */
    @WithDefault("false")
    boolean enabled();

    /** Time from submission to COMPLETED. */
    @WithDefault("8s")
    Duration jobDuration();

    /** The {@code X-API-Key} values the emulator accepts; anything else is a 401. */
    @WithDefault("afk_demo_emulator_key_not_secret")
    List<String> apiKeys();

    /** Jobs kept at most; the oldest are evicted beyond it, and any older than 24 h are dropped. */
    @WithDefault("1000")
    int maxJobs();

    /** Bytes of uploaded and produced images kept at most; the least recently used are evicted beyond it. */
    @WithDefault("268435456")
    long maxStoredBytes();

    /** Largest output (width x height x scale_factor squared) accepted; a bigger one is a 400. */
    @WithDefault("67108864")
    long maxOutputPixels();

    /**
     * Share of calls the emulator answers like a misbehaving Apiframe, to try the gateway's resilience: submissions
     * get a 503 before the job is created, a 429 with {@code Retry-After: 1}, or a 503 after it was created (a lost
     * answer); job reads get a 503. 0 (the default) turns this off.
     */
    @WithDefault("0")
    double faultRate();

    /**
     * Time between a change of an emulated job and the webhook that reports it, to try a webhook receiver against
     * news that arrives late (after a poll has seen it). 0 (the default) sends each one at once.
     */
    @WithDefault("0s")
    Duration webhookDelay();

    /**
     * Share of webhooks the emulator sends like a hostile sender, to try a webhook receiver: each such webhook comes
     * with one extra delivery of a kind from {@link #webhookFaultKinds()}. 0 (the default) turns this off.
     */
    @WithDefault("0")
    double webhookFaults();

    /**
     * The hostile extras to pick from, equally likely: {@code forged} (a {@code failed} event that never happened,
     * signed with a wrong key), {@code replayed} (the same delivery twice), {@code out-of-order} (a {@code progress}
     * with the previous state, so one arrives after {@code completed}).
     */
    @WithDefault("forged,replayed,out-of-order")
    List<WebhookFault> webhookFaultKinds();
}
