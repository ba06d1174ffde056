package gateway.job;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import gateway.GatewayConfig;
import gateway.StoreUnavailableException;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * Poll leases in Redis: {@code gw:lease:<job>} holds the polling replica's id with a TTL of
 * {@code gateway.polling.lease}, renewed by each poll; {@code gw:polled} lists every in-flight job (scored by its
 * deadline), so a replica can find the jobs whose lease lapsed and take them over, even past their deadline (to fail
 * them as timed out). Entries leave it when the job ends or is gone from the store: bounded by in-flight jobs.
 */
@ApplicationScoped
@Typed(RedisPollLeases.class) // chosen by gateway.store in gateway.StoreSelection
public class RedisPollLeases implements PollLeases {

    static final String POLLED = "gw:polled";

    // KEYS lease, polled; ARGV replica, lease ms, member, deadline ms
    private static final String HOLD = """
            local holder = redis.call('GET', KEYS[1])
            if holder and holder ~= ARGV[1] then
              return 0
            end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            redis.call('ZADD', KEYS[2], ARGV[4], ARGV[3])
            return 1
            """;
    // KEYS lease, polled; ARGV replica, member
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('DEL', KEYS[1])
            end
            redis.call('ZREM', KEYS[2], ARGV[2])
            return 1
            """;
    // KEYS polled: the jobs nobody holds a lease on. It reads lease keys it was not given, which a single Redis
    // allows; on a cluster this check would run per lease instead.
    private static final String ORPHANS = """
            local orphans = {}
            for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
              local job = string.match(member, '/(.*)$')
              if redis.call('EXISTS', 'gw:lease:' .. job) == 0 then
                table.insert(orphans, member)
              end
            end
            return orphans
            """;

    private final ReactiveRedisDataSource redis;
    private final Duration lease;
    private final String replica = UUID.randomUUID().toString();

    RedisPollLeases(ReactiveRedisDataSource redis, GatewayConfig config) {
        this.redis = redis;
        this.lease = config.polling().lease();
    }

    @Override
    public Uni<Boolean> hold(String tenantId, String jobId, Instant deadline) {
        return redis.execute("EVAL", HOLD, "2", leaseKey(jobId), POLLED, replica, Long.toString(lease.toMillis()),
                member(tenantId, jobId), Long.toString(deadline.toEpochMilli()))
                .map(reply -> reply.toInteger() == 1)
                .onFailure().transform(StoreUnavailableException::new);
    }

    @Override
    public Uni<Void> release(String tenantId, String jobId) {
        return redis.execute("EVAL", RELEASE, "2", leaseKey(jobId), POLLED, replica, member(tenantId, jobId))
                .replaceWithVoid()
                .onFailure().transform(StoreUnavailableException::new);
    }

    @Override
    public Uni<List<Orphan>> orphans() {
        return redis.execute("EVAL", ORPHANS, "1", POLLED)
                .map(RedisPollLeases::orphans)
                .onFailure().transform(StoreUnavailableException::new);
    }

    private static List<Orphan> orphans(Response members) {
        List<Orphan> orphans = new ArrayList<>(members.size());
        for (Response member : members) {
            String text = member.toString();
            int slash = text.indexOf('/');
            orphans.add(new Orphan(text.substring(0, slash), text.substring(slash + 1)));
        }
        return orphans;
    }

    /** Tenant ids cannot hold '/' (see the tenant registry), so the first one splits the member. */
    private static String member(String tenantId, String jobId) {
        return tenantId + "/" + jobId;
    }

    static String leaseKey(String jobId) {
        return "gw:lease:" + jobId;
    }
}
