package gateway.store.memory;

import gateway.tenant.InFlightQuota;
import gateway.tenant.TenantLimitsContract;
import gateway.tenant.TenantRateLimiter;

class InMemoryTenantLimitsContractTest extends TenantLimitsContract {

    private final InMemoryTenantRateLimiter limiter = new InMemoryTenantRateLimiter();
    private final InMemoryInFlightQuota quota = new InMemoryInFlightQuota();

    @Override
    protected TenantRateLimiter limiter() {
        return limiter;
    }

    @Override
    protected InFlightQuota quota() {
        return quota;
    }
}
