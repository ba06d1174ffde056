package gateway.tenant;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import gateway.StoreUnavailableException;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

/**
 * In-flight counters in Redis, shared by every replica; each reservation is one atomic Lua decision, so 50
 * simultaneous submissions against a cap of 5 admit exactly 5 across the deployment.
 */
@ApplicationScoped
@Typed(RedisInFlightQuota.class) // chosen by gateway.store in gateway.StoreSelection
public class RedisInFlightQuota implements InFlightQuota {

    private static final String RESERVE = """
            local n = tonumber(redis.call('GET', KEYS[1]) or '0')
            if n < tonumber(ARGV[1]) then
              return {1, redis.call('INCR', KEYS[1])}
            end
            return {0, n}
            """;
    private static final String RELEASE = """
            local n = tonumber(redis.call('GET', KEYS[1]) or '0')
            if n > 0 then
              return redis.call('DECR', KEYS[1])
            end
            return 0
            """;

    private final ReactiveRedisDataSource redis;
    // the last count Redis reported per configured tenant, for the gauge: bounded by the tenant configuration
    private final ConcurrentHashMap<String, AtomicInteger> lastSeen = new ConcurrentHashMap<>();

    RedisInFlightQuota(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    @Override
    public Uni<Boolean> tryReserve(Tenant tenant) {
        return redis.execute("EVAL", RESERVE, "1", key(tenant.id()), Integer.toString(tenant.limits().maxInFlight()))
                .map(reply -> {
                    seen(tenant.id()).set(reply.get(1).toInteger());
                    return reply.get(0).toInteger() == 1;
                })
                .onFailure().transform(StoreUnavailableException::new);
    }

    @Override
    public Uni<Void> release(String tenantId) {
        return redis.execute("EVAL", RELEASE, "1", key(tenantId))
                .invoke(reply -> seen(tenantId).set(reply.toInteger()))
                .onFailure().transform(StoreUnavailableException::new)
                .replaceWithVoid();
    }

    @Override
    public int inFlight(String tenantId) {
        return seen(tenantId).get();
    }

    private AtomicInteger seen(String tenantId) {
        return lastSeen.computeIfAbsent(tenantId, id -> new AtomicInteger());
    }

    private static String key(String tenantId) {
        return "gw:{" + tenantId + "}:inflight";
    }
}
