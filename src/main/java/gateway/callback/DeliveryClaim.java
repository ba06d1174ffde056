package gateway.callback;

import java.time.Duration;
import java.util.List;

/** What one look at a tenant's queue took, and how long its oldest queued delivery has waited (zero: none). */
public record DeliveryClaim(List<ClaimedDelivery> deliveries, Duration oldestAge) {
}
