package gateway.store.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import gateway.callback.ClaimedDelivery;
import gateway.callback.DeliveryClaim;
import gateway.callback.DeliveryQueue;
import gateway.callback.PendingDelivery;
import gateway.config.GatewayConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * Callback deliveries in Redis, shared by every replica, per tenant: {@link RedisKeys#callbacks} holds each job's
 * queued change, {@link RedisKeys#callbacksDue} when it is due, and {@link RedisKeys#callbacksQueued} since when it
 * waits. A claim moves a delivery's due time a hold ahead, so no other replica takes it meanwhile, and the delivery
 * is due again when the hold lapses: another replica makes it if this one died. Times are Redis's clock; every script
 * touches one tenant's keys only (hash-tagged), so it also runs on Redis Cluster. Bounded by
 * {@code gateway.callbacks.max-pending-per-tenant} per tenant; the keys expire after {@code gateway.callbacks.max-age}
 * and two holds without a new delivery.
 */
@ApplicationScoped
@Typed(RedisDeliveryQueue.class) // chosen by gateway.store in gateway.StoreSelection
public class RedisDeliveryQueue implements DeliveryQueue {

    // KEYS callbacks, due, queued; ARGV job id, seq, url, body, most queued, key ttl ms. A delivery replacing an
    // older change keeps its due time (a claim under way, or a backoff); a new one is due at once.
    private static final String OFFER = RedisScripts.NOW + """
            local queued = redis.call('HGET', KEYS[1], ARGV[1] .. ':seq')
            if queued and tonumber(queued) >= tonumber(ARGV[2]) then
              return 1
            end
            if not queued and redis.call('ZCARD', KEYS[3]) >= tonumber(ARGV[5]) then
              return 0
            end
            redis.call('HSET', KEYS[1], ARGV[1] .. ':seq', ARGV[2], ARGV[1] .. ':url', ARGV[3],
              ARGV[1] .. ':body', ARGV[4], ARGV[1] .. ':attempts', 0)
            redis.call('ZADD', KEYS[3], now, ARGV[1])
            if not queued then
              redis.call('ZADD', KEYS[2], now, ARGV[1])
            end
            for i = 1, 3 do
              redis.call('PEXPIRE', KEYS[i], ARGV[6])
            end
            return 1
            """;
    // KEYS callbacks, due, queued; ARGV most claimed, hold ms. Returns the oldest wait in ms and, per claimed
    // delivery, its job id, seq, url, body, attempt and wait in ms.
    private static final String CLAIM = RedisScripts.NOW + """
            local claimed = {}
            for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))) do
              local seq = redis.call('HGET', KEYS[1], id .. ':seq')
              if seq then
                redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), id)
                local attempt = redis.call('HINCRBY', KEYS[1], id .. ':attempts', 1)
                local since = tonumber(redis.call('ZSCORE', KEYS[3], id) or now)
                claimed[#claimed + 1] = {id, seq, redis.call('HGET', KEYS[1], id .. ':url'),
                  redis.call('HGET', KEYS[1], id .. ':body'), attempt, now - since}
              else
                redis.call('ZREM', KEYS[2], id)
                redis.call('ZREM', KEYS[3], id)
              end
            end
            local oldest = redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')
            local wait = 0
            if oldest[2] then
              wait = now - tonumber(oldest[2])
            end
            return {wait, claimed}
            """;
    // KEYS callbacks, due, queued; ARGV job id, seq, delay ms (empty: done). A newer change that replaced this one
    // is due at once instead.
    private static final String SETTLE = RedisScripts.NOW + """
            local queued = redis.call('HGET', KEYS[1], ARGV[1] .. ':seq')
            if queued ~= ARGV[2] then
              if queued then
                redis.call('ZADD', KEYS[2], now, ARGV[1])
              end
              return 0
            end
            if ARGV[3] ~= '' then
              redis.call('ZADD', KEYS[2], now + tonumber(ARGV[3]), ARGV[1])
              return 1
            end
            redis.call('HDEL', KEYS[1], ARGV[1] .. ':seq', ARGV[1] .. ':url', ARGV[1] .. ':body',
              ARGV[1] .. ':attempts')
            redis.call('ZREM', KEYS[2], ARGV[1])
            redis.call('ZREM', KEYS[3], ARGV[1])
            return 1
            """;

    private final RedisCommands redis;
    private final String maxPerTenant;
    private final String keyTtlMillis;

    RedisDeliveryQueue(RedisCommands redis, GatewayConfig config) {
        this.redis = redis;
        this.maxPerTenant = Integer.toString(config.callbacks().maxPendingPerTenant());
        Duration hold = config.callbacks().timeout().multipliedBy(2);
        this.keyTtlMillis = Long.toString(config.callbacks().maxAge().plus(hold.multipliedBy(2)).toMillis());
    }

    @Override
    public Uni<Boolean> offer(PendingDelivery delivery) {
        String tenantId = delivery.tenantId();
        return redis.execute("EVAL", OFFER, "3", RedisKeys.callbacks(tenantId), RedisKeys.callbacksDue(tenantId),
                RedisKeys.callbacksQueued(tenantId), delivery.jobId(), Long.toString(delivery.eventSeq()),
                delivery.url(), delivery.body(), maxPerTenant, keyTtlMillis)
                .map(reply -> reply.toInteger() == 1);
    }

    @Override
    public Uni<DeliveryClaim> claim(String tenantId, int max, Duration hold) {
        return redis.execute("EVAL", CLAIM, "3", RedisKeys.callbacks(tenantId), RedisKeys.callbacksDue(tenantId),
                RedisKeys.callbacksQueued(tenantId), Integer.toString(max), Long.toString(hold.toMillis()))
                .map(reply -> {
                    List<ClaimedDelivery> claimed = new ArrayList<>();
                    for (Response entry : reply.get(1)) {
                        claimed.add(new ClaimedDelivery(new PendingDelivery(tenantId, entry.get(0).toString(),
                                entry.get(1).toLong(), entry.get(2).toString(), entry.get(3).toString()),
                                entry.get(4).toInteger(), Duration.ofMillis(entry.get(5).toLong())));
                    }
                    return new DeliveryClaim(claimed, Duration.ofMillis(reply.get(0).toLong()));
                });
    }

    @Override
    public Uni<Void> done(String tenantId, String jobId, long eventSeq) {
        return settle(tenantId, jobId, eventSeq, "");
    }

    @Override
    public Uni<Void> retryAfter(String tenantId, String jobId, long eventSeq, Duration delay) {
        return settle(tenantId, jobId, eventSeq, Long.toString(delay.toMillis()));
    }

    private Uni<Void> settle(String tenantId, String jobId, long eventSeq, String delayMillis) {
        return redis.execute("EVAL", SETTLE, "3", RedisKeys.callbacks(tenantId), RedisKeys.callbacksDue(tenantId),
                RedisKeys.callbacksQueued(tenantId), jobId, Long.toString(eventSeq), delayMillis)
                .replaceWithVoid();
    }
}
