package gateway.emulator;

import java.util.Locale;

/** Apiframe's webhook events, as named in {@code webhookEvents} and {@code X-Webhook-Event}. */
enum WebhookEvent {
    PROGRESS,
    COMPLETED,
    FAILED;

    /** The event a change to {@code status} is reported by: any change of a running job is progress. */
    static WebhookEvent reporting(JobStatus status) {
        return switch (status) {
            case QUEUED, PROCESSING -> PROGRESS;
            case COMPLETED -> COMPLETED;
            case FAILED -> FAILED;
        };
    }

    static WebhookEvent named(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
