package gateway.tenant;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import gateway.GatewayMetrics;
import io.quarkus.runtime.Startup;

import io.smallrye.mutiny.Uni;

/** In-flight counters in this process's memory, for one replica. */
@Startup // its gauges exist from the start, not from the first submission
@ApplicationScoped
public class InMemoryInFlightQuota implements InFlightQuota {

    // one counter per configured tenant: bounded by the tenant configuration
    private final ConcurrentHashMap<String, AtomicInteger> counters = new ConcurrentHashMap<>();

    InMemoryInFlightQuota(TenantRegistry tenants, GatewayMetrics metrics) {
        tenants.all().forEach(tenant -> metrics.inFlightGauge(tenant.id(), () -> inFlight(tenant.id())));
    }

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
