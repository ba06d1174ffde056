package gateway.store.redis;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import gateway.tenant.RateLimitState;
import gateway.tenant.RateLimitStates;
import gateway.tenant.RequestKind;
import gateway.tenant.Tenant;
import gateway.tenant.TenantLimits;
import gateway.tenant.TenantRateLimiter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * Token buckets in Redis, shared by every replica: one Lua script decides each request atomically, so a tenant's
 * burst of 2 is 2 across the whole deployment. Keys are hash-tagged by tenant, so the script also runs on a cluster.
 */
@ApplicationScoped
@Typed(RedisTenantRateLimiter.class) // chosen by gateway.store in gateway.StoreSelection
public class RedisTenantRateLimiter implements TenantRateLimiter {

    // KEYS[1] the bucket to take from, KEYS[2] the submission bucket to report (may be the same);
    // ARGV capacity and tokens-per-millisecond of each. Time is Redis's own, so replicas' clocks do not matter.
    // Each bucket expires once it would be full again anyway: keys are bounded by active tenants.
    private static final String SCRIPT = RedisScripts.NOW + """
            local function level(key, capacity, rate)
              local state = redis.call('HMGET', key, 'tokens', 'ts')
              local tokens = tonumber(state[1]) or capacity
              local ts = tonumber(state[2]) or now
              return math.min(capacity, tokens + math.max(0, now - ts) * rate)
            end
            local capacity, rate = tonumber(ARGV[1]), tonumber(ARGV[2])
            local tokens = level(KEYS[1], capacity, rate)
            local allowed = 0
            local wait = 0
            if tokens >= 1 then
              tokens = tokens - 1
              allowed = 1
            else
              wait = math.ceil((1 - tokens) / rate)
            end
            redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens), 'ts', now)
            redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate) + 1000)
            local submission = tokens
            if KEYS[2] ~= KEYS[1] then
              submission = level(KEYS[2], tonumber(ARGV[3]), tonumber(ARGV[4]))
            end
            return {allowed, math.floor(submission), wait}
            """;

    private final RedisCommands redis;

    RedisTenantRateLimiter(RedisCommands redis) {
        this.redis = redis;
    }

    @Override
    public Uni<RateLimitState> acquire(Tenant tenant, RequestKind kind) {
        TenantLimits limits = tenant.limits();
        String submissions = RedisKeys.submissionBucket(tenant.id());
        String submissionRate = perMilli(limits.requestsPerSecond());
        String bucket = kind == RequestKind.SUBMISSION ? submissions : RedisKeys.readBucket(tenant.id());
        int capacity = kind == RequestKind.SUBMISSION ? limits.burst()
                : limits.burst() * READ_ALLOWANCE;
        String rate = kind == RequestKind.SUBMISSION ? submissionRate
                : perMilli(limits.requestsPerSecond() * READ_ALLOWANCE);
        return redis.execute("EVAL", SCRIPT, "2", bucket, submissions, Integer.toString(capacity), rate,
                Integer.toString(limits.burst()), submissionRate)
                .map(reply -> decision(reply, limits));
    }

    private static RateLimitState decision(Response reply, TenantLimits limits) {
        return RateLimitStates.of(reply.get(0).toInteger() == 1, limits, reply.get(1).toLong(),
                Duration.ofMillis(reply.get(2).toLong()));
    }

    private static String perMilli(double perSecond) {
        return String.format(java.util.Locale.ROOT, "%.9f", perSecond / 1000);
    }
}
