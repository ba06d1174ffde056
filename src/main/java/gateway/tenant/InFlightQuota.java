package gateway.tenant;

import io.smallrye.mutiny.Uni;

/**
 * How many non-terminal jobs each tenant has, capped at its {@code max-in-flight}: one reservation per job, taken
 * atomically before the job is submitted and given back when it ends.
 */
public interface InFlightQuota {

    /** Takes a slot for the job if the tenant is under its cap (or the job already holds one); false at the cap. */
    Uni<Boolean> tryReserve(Tenant tenant, String jobId);

    /** Gives the job's slot back: it ended, or its submission failed. Giving back a slot twice frees it once. */
    Uni<Void> release(String tenantId, String jobId);

    /** The tenant's jobs in flight right now, as this store sees them. */
    int inFlight(String tenantId);
}
