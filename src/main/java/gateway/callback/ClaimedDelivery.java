package gateway.callback;

import java.time.Duration;

/** A delivery this replica holds for one attempt: which attempt it is, and how long ago its change was queued. */
public record ClaimedDelivery(PendingDelivery delivery, int attempt, Duration age) {
}
