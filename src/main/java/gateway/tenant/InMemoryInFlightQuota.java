package gateway.tenant;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import io.smallrye.mutiny.Uni;

/** In-flight counters in this process's memory, for one replica. */
@ApplicationScoped
@Typed(InMemoryInFlightQuota.class) // chosen by gateway.store in gateway.StoreSelection
public class InMemoryInFlightQuota implements InFlightQuota {

    // one counter per configured tenant: bounded by the tenant configuration
    private final ConcurrentHashMap<String, AtomicInteger> counters = new ConcurrentHashMap<>();

    @Override
    public Uni<Boolean> tryReserve(Tenant tenant) {
        int max = tenant.limits().maxInFlight();
        AtomicInteger counter = counter(tenant.id());
        int before = counter.getAndUpdate(current -> current < max ? current + 1 : current);
        return Uni.createFrom().item(before < max);
    }

    @Override
    public Uni<Void> release(String tenantId) {
        counter(tenantId).updateAndGet(current -> Math.max(0, current - 1));
        return Uni.createFrom().voidItem();
    }

    @Override
    public int inFlight(String tenantId) {
        return counter(tenantId).get();
    }

    private AtomicInteger counter(String tenantId) {
        return counters.computeIfAbsent(tenantId, id -> new AtomicInteger());
    }
}
