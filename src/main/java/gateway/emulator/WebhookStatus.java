package gateway.emulator;

import java.util.Locale;

/**
 * The Job's {@code webhookStatus} for a job submitted with a {@code webhookUrl}: PENDING while the job runs or one
 * of its webhooks is on its way, DELIVERED once it has ended and every webhook was answered 2xx, FAILED (for good)
 * once one was given up on.
 */
enum WebhookStatus {
    PENDING,
    DELIVERED,
    FAILED;

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
