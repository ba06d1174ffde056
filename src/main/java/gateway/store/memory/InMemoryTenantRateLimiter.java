package gateway.store.memory;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import gateway.tenant.RateLimitState;
import gateway.tenant.RateLimitStates;
import gateway.tenant.RequestKind;
import gateway.tenant.Tenant;
import gateway.tenant.TenantLimits;
import gateway.tenant.TenantRateLimiter;
import gateway.tokenbucket.TokenBuckets;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.smallrye.mutiny.Uni;

/** Token buckets in this process's memory (Bucket4j), for one replica. */
@ApplicationScoped
@Typed(InMemoryTenantRateLimiter.class) // chosen by gateway.store in gateway.StoreSelection
public class InMemoryTenantRateLimiter implements TenantRateLimiter {

    // one bucket per configured tenant and request kind: bounded by the tenant configuration
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    @Override
    public Uni<RateLimitState> acquire(Tenant tenant, RequestKind kind) {
        TenantLimits limits = tenant.limits();
        Bucket submissions = bucket(tenant.id() + "/submission", limits.burst(), limits.requestsPerSecond());
        Bucket bucket = kind == RequestKind.SUBMISSION ? submissions
                : bucket(tenant.id() + "/read", limits.burst() * READ_ALLOWANCE,
                        limits.requestsPerSecond() * READ_ALLOWANCE);
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        long remaining = kind == RequestKind.SUBMISSION ? probe.getRemainingTokens() : submissions.getAvailableTokens();
        return Uni.createFrom().item(RateLimitStates.of(probe.isConsumed(), limits, remaining,
                Duration.ofNanos(probe.getNanosToWaitForRefill())));
    }

    private Bucket bucket(String key, int capacity, double perSecond) {
        return buckets.computeIfAbsent(key, k -> TokenBuckets.of(capacity, perSecond));
    }
}
