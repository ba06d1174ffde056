package gateway.store.memory;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import gateway.tenant.InFlightQuota;
import gateway.tenant.Tenant;
import io.smallrye.mutiny.Uni;

/** In-flight reservations in this process's memory, for one replica. */
@ApplicationScoped
@Typed(InMemoryInFlightQuota.class) // chosen by gateway.store in gateway.StoreSelection
public class InMemoryInFlightQuota implements InFlightQuota {

    // the reserving job ids per configured tenant: bounded by the tenants and each one's max-in-flight
    private final ConcurrentHashMap<String, Set<String>> reservations = new ConcurrentHashMap<>();

    @Override
    public Uni<Boolean> tryReserve(Tenant tenant, String jobId) {
        Set<String> jobs = reservations(tenant.id());
        synchronized (jobs) {
            boolean reserved = jobs.contains(jobId) || jobs.size() < tenant.limits().maxInFlight() && jobs.add(jobId);
            return Uni.createFrom().item(reserved);
        }
    }

    @Override
    public Uni<Void> release(String tenantId, String jobId) {
        Set<String> jobs = reservations(tenantId);
        synchronized (jobs) {
            jobs.remove(jobId);
        }
        return Uni.createFrom().voidItem();
    }

    @Override
    public int inFlight(String tenantId) {
        Set<String> jobs = reservations(tenantId);
        synchronized (jobs) {
            return jobs.size();
        }
    }

    private Set<String> reservations(String tenantId) {
        return reservations.computeIfAbsent(tenantId, id -> new HashSet<>());
    }
}
