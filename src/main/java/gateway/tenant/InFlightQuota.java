package gateway.tenant;

import io.smallrye.mutiny.Uni;

/** How many non-terminal jobs each tenant has, capped at its {@code max-in-flight}. Reservations are atomic. */
public interface InFlightQuota {

    /** Takes a slot if the tenant is under its cap; false when it is at it. */
    Uni<Boolean> tryReserve(Tenant tenant);

    /** Gives a slot back: the job ended, or its submission failed before Apiframe accepted it. */
    Uni<Void> release(String tenantId);

    /** The tenant's jobs in flight right now, as this store sees them. */
    int inFlight(String tenantId);
}
