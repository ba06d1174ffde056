package gateway.tenant;

class InMemoryTenantLimitsContractTest extends TenantLimitsContract {

    private final InMemoryTenantRateLimiter limiter = new InMemoryTenantRateLimiter();
    private final InMemoryInFlightQuota quota = new InMemoryInFlightQuota();

    @Override
    TenantRateLimiter limiter() {
        return limiter;
    }

    @Override
    InFlightQuota quota() {
        return quota;
    }
}
