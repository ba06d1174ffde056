package gateway.store.redis;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import org.jboss.logging.Logger;

import gateway.config.GatewayConfig;
import gateway.tenant.InFlightQuota;
import gateway.tenant.Tenant;
import io.smallrye.mutiny.Uni;

/**
 * In-flight reservations in Redis, shared by every replica: a sorted set per tenant of the jobs holding a slot,
 * each scored by when its slot lapses by itself. Each reservation is one atomic Lua decision, so 50 simultaneous
 * submissions against a cap of 5 admit exactly 5 across the deployment. A slot lapses after the longest a job can
 * stay in flight (submission, polling to its timeout, a takeover), so a replica dying mid-submission leaks nothing.
 * A reservation that reaches Redis only after its caller gave up (and answered 503) is released at once.
 */
@ApplicationScoped
@Typed(RedisInFlightQuota.class) // chosen by gateway.store in gateway.StoreSelection
public class RedisInFlightQuota implements InFlightQuota {

    private static final Logger LOG = Logger.getLogger(RedisInFlightQuota.class);

    // KEYS reservations; ARGV max in flight, slot lifetime ms, job id. Redis's clock, so replicas agree.
    private static final String RESERVE = RedisScripts.NOW + """
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            local held = redis.call('ZCARD', KEYS[1])
            if redis.call('ZSCORE', KEYS[1], ARGV[3]) then
              return {1, held}
            end
            if held >= tonumber(ARGV[1]) then
              return {0, held}
            end
            redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return {1, held + 1}
            """;
    // KEYS reservations; ARGV job id
    private static final String RELEASE = """
            redis.call('ZREM', KEYS[1], ARGV[1])
            return redis.call('ZCARD', KEYS[1])
            """;

    private final RedisCommands redis;
    private final String slotLifetimeMillis;
    // the last count Redis reported per configured tenant, for the gauge: bounded by the tenant configuration
    private final ConcurrentHashMap<String, AtomicInteger> lastSeen = new ConcurrentHashMap<>();

    RedisInFlightQuota(RedisCommands redis, GatewayConfig config) {
        this.redis = redis;
        Duration lifetime = config.upstream().submitDeadline().plus(config.jobs().timeout())
                .plus(config.polling().lease().multipliedBy(2));
        this.slotLifetimeMillis = Long.toString(lifetime.toMillis());
    }

    @Override
    public Uni<Boolean> tryReserve(Tenant tenant, String jobId) {
        return redis.execute(late -> {
            if (late.get(0).toInteger() == 1) {
                release(tenant.id(), jobId).subscribe().with(released -> {
                }, failure -> LOG.warnf("Could not release a late reservation of tenant %s; it lapses by itself: %s",
                        tenant.id(), failure.getMessage()));
            }
        }, "EVAL", RESERVE, "1", RedisKeys.inFlight(tenant.id()), Integer.toString(tenant.limits().maxInFlight()),
                slotLifetimeMillis, jobId)
                .map(reply -> {
                    seen(tenant.id()).set(reply.get(1).toInteger());
                    return reply.get(0).toInteger() == 1;
                });
    }

    @Override
    public Uni<Void> release(String tenantId, String jobId) {
        return redis.execute("EVAL", RELEASE, "1", RedisKeys.inFlight(tenantId), jobId)
                .invoke(reply -> seen(tenantId).set(reply.toInteger()))
                .replaceWithVoid();
    }

    @Override
    public int inFlight(String tenantId) {
        return seen(tenantId).get();
    }

    private AtomicInteger seen(String tenantId) {
        return lastSeen.computeIfAbsent(tenantId, id -> new AtomicInteger());
    }
}
