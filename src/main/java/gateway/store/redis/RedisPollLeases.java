package gateway.store.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import gateway.config.GatewayConfig;
import gateway.job.PollLeases;
import gateway.tenant.Tenant;
import gateway.tenant.TenantRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * Poll leases in Redis, per tenant: {@link RedisKeys#leases} maps each in-flight job to the replica polling it,
 * and {@link RedisKeys#polled} scores each job by when that lease lapses ({@code gateway.polling.lease} after the
 * last poll, on Redis's clock). A replica finds the jobs whose lease lapsed and takes them over, even past their
 * deadline (to fail them as timed out). Every script touches one tenant's keys only (hash-tagged), so it also runs
 * on Redis Cluster. Entries leave when the job ends or is gone from the store: bounded by in-flight jobs. A job's
 * first lease is taken by {@link RedisJobStore#insert}, in the same step as storing it.
 */
@ApplicationScoped
@Typed(RedisPollLeases.class) // chosen by gateway.store in gateway.StoreSelection
public class RedisPollLeases implements PollLeases {

    // how many lapsed jobs one scan takes over per tenant; the next scan takes the rest
    private static final int ORPHANS_PER_SCAN = 1000;
    // KEYS leases, polled; ARGV replica, lease ms, job id
    private static final String HOLD = RedisScripts.NOW + """
            local holder = redis.call('HGET', KEYS[1], ARGV[3])
            if holder and holder ~= ARGV[1] and tonumber(redis.call('ZSCORE', KEYS[2], ARGV[3]) or '0') > now then
              return 0
            end
            redis.call('HSET', KEYS[1], ARGV[3], ARGV[1])
            redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[3])
            return 1
            """;
    // KEYS leases, polled; ARGV job id
    private static final String RELEASE = """
            redis.call('HDEL', KEYS[1], ARGV[1])
            redis.call('ZREM', KEYS[2], ARGV[1])
            return 1
            """;
    // KEYS polled; ARGV how many
    private static final String LAPSED = RedisScripts.NOW + """
            return redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, ARGV[1])
            """;

    private final RedisCommands redis;
    private final TenantRegistry tenants;
    private final String leaseMillis;
    private final String replica = UUID.randomUUID().toString();

    RedisPollLeases(RedisCommands redis, TenantRegistry tenants, GatewayConfig config) {
        this.redis = redis;
        this.tenants = tenants;
        this.leaseMillis = Long.toString(config.polling().lease().toMillis());
    }

    @Override
    public Uni<Boolean> hold(String tenantId, String jobId) {
        return redis.execute("EVAL", HOLD, "2", RedisKeys.leases(tenantId), RedisKeys.polled(tenantId), replica,
                leaseMillis, jobId)
                .map(reply -> reply.toInteger() == 1);
    }

    @Override
    public Uni<Void> release(String tenantId, String jobId) {
        return redis.execute("EVAL", RELEASE, "2", RedisKeys.leases(tenantId), RedisKeys.polled(tenantId), jobId)
                .replaceWithVoid();
    }

    @Override
    public Uni<List<Orphan>> orphans() {
        return Multi.createFrom().iterable(tenants.all())
                .onItem().transformToUniAndMerge(this::orphans)
                .onItem().<Orphan>disjoint()
                .collect().asList();
    }

    /** This replica, as the leases name it. */
    String replica() {
        return replica;
    }

    String leaseMillis() {
        return leaseMillis;
    }

    private Uni<List<Orphan>> orphans(Tenant tenant) {
        return redis.execute("EVAL", LAPSED, "1", RedisKeys.polled(tenant.id()), Integer.toString(ORPHANS_PER_SCAN))
                .map(jobIds -> orphans(tenant.id(), jobIds));
    }

    private static List<Orphan> orphans(String tenantId, Response jobIds) {
        List<Orphan> orphans = new ArrayList<>(jobIds.size());
        for (Response jobId : jobIds) {
            orphans.add(new Orphan(tenantId, jobId.toString()));
        }
        return orphans;
    }
}
