package gateway.store.redis;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import org.jboss.logging.Logger;

import gateway.config.GatewayConfig;
import gateway.job.IdempotencyRecord;
import gateway.job.IdempotencyStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * Idempotency records in Redis, shared by every replica: one {@link RedisKeys#idempotency hash} per client key, of
 * the request digest, the creation time and (once known) the job id. A claim in progress lapses after twice the
 * submission deadline, so a replica dying mid-submission does not answer its caller's retries with 409 for a day;
 * completing it keeps the record for 24 h from the claim. A claim that reaches Redis only after its caller gave up
 * (and answered 503) is released at once, so the client's retry is not answered 409.
 */
@ApplicationScoped
@Typed(RedisIdempotencyStore.class) // chosen by gateway.store in gateway.StoreSelection
public class RedisIdempotencyStore implements IdempotencyStore {

    private static final Logger LOG = Logger.getLogger(RedisIdempotencyStore.class);

    // KEYS the record; ARGV digest, created-at ms, TTL ms. Nil when this call claimed the key, else the holder.
    private static final String CLAIM = """
            local held = redis.call('HMGET', KEYS[1], 'digest', 'job', 'created')
            if held[1] then
              return held
            end
            redis.call('HSET', KEYS[1], 'digest', ARGV[1], 'created', ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return false
            """;
    // KEYS the record; ARGV job id, retention ms. A record that expired or was released stays gone: HSET alone would
    // recreate it without a TTL.
    private static final String COMPLETE = """
            if redis.call('EXISTS', KEYS[1]) == 1 then
              redis.call('HSET', KEYS[1], 'job', ARGV[1])
              redis.call('PEXPIREAT', KEYS[1], tonumber(redis.call('HGET', KEYS[1], 'created')) + tonumber(ARGV[2]))
            end
            """;

    private final RedisCommands redis;
    private final Clock clock;
    private final String claimLifetimeMillis;

    RedisIdempotencyStore(RedisCommands redis, Clock clock, GatewayConfig config) {
        this.redis = redis;
        this.clock = clock;
        this.claimLifetimeMillis = Long.toString(config.upstream().submitDeadline().multipliedBy(2).toMillis());
    }

    @Override
    public Uni<IdempotencyRecord> claim(String tenantId, String key, String requestDigest) {
        return redis.execute(late -> {
            if (holder(late) == null) {
                release(tenantId, key).subscribe().with(released -> {
                }, failure -> LOG.warnf("Could not release a late claim of tenant %s; it lapses by itself: %s",
                        tenantId, failure.getMessage()));
            }
        }, "EVAL", CLAIM, "1", RedisKeys.idempotency(tenantId, key), requestDigest,
                Long.toString(clock.instant().toEpochMilli()), claimLifetimeMillis)
                .map(RedisIdempotencyStore::holder);
    }

    @Override
    public Uni<Void> complete(String tenantId, String key, String jobId) {
        return redis.execute("EVAL", COMPLETE, "1", RedisKeys.idempotency(tenantId, key), jobId,
                Long.toString(IdempotencyStore.RETENTION.toMillis())).replaceWithVoid();
    }

    @Override
    public Uni<Void> release(String tenantId, String key) {
        return redis.execute("DEL", RedisKeys.idempotency(tenantId, key)).replaceWithVoid();
    }

    private static IdempotencyRecord holder(Response reply) {
        if (reply == null || reply.size() == 0) {
            return null;
        }
        Response jobId = reply.get(1);
        return new IdempotencyRecord(reply.get(0).toString(), jobId == null ? null : jobId.toString(),
                Instant.ofEpochMilli(reply.get(2).toLong()));
    }

}
