package gateway.store.redis;

import java.util.Base64;

import gateway.digest.Sha256;

/**
 * The gateway's Redis key scheme, spelled here and nowhere else. Every key but the event channel is
 * {@code gw:{<tenant id>}:<what>}: the braces are a hash tag, so one tenant's keys share a cluster slot and a script
 * may touch several of them, also on Redis Cluster. Tenant ids are configured and validated (letters, digits,
 * {@code _ . -}), so they never contain a brace themselves.
 */
final class RedisKeys {

    /** The channel every replica publishes job changes on and listens to. */
    static final String EVENTS = "gw:events";

    private RedisKeys() {
    }

    /** A job: a hash of its JSON and its {@code seq}. */
    static String job(String tenantId, String jobId) {
        return tenant(tenantId) + "job:" + jobId;
    }

    /** The tenant's listing index: job ids scored by creation time. */
    static String jobs(String tenantId) {
        return tenant(tenantId) + "jobs";
    }

    /** The tenant's poll leases: in-flight job id to the replica polling it. */
    static String leases(String tenantId) {
        return tenant(tenantId) + "leases";
    }

    /** When each of the tenant's poll leases lapses: job ids scored by that time. */
    static String polled(String tenantId) {
        return tenant(tenantId) + "polled";
    }

    /**
     * A client idempotency record. Client keys may hold any visible ASCII, '{' and '}' included: hashed, they cannot
     * break the tenant's tag.
     */
    static String idempotency(String tenantId, String clientKey) {
        return tenant(tenantId) + "idem:" + Base64.getUrlEncoder().withoutPadding().encodeToString(Sha256.of(clientKey));
    }

    /** The tenant's in-flight slots: job ids scored by when each slot lapses. */
    static String inFlight(String tenantId) {
        return tenant(tenantId) + "inflight";
    }

    /**
     * The tenant's queued callback deliveries: per job, the fields {@code <job id>:seq} (the change),
     * {@code <job id>:url}, {@code <job id>:body} and {@code <job id>:attempts}.
     */
    static String callbacks(String tenantId) {
        return tenant(tenantId) + "callbacks";
    }

    /** When each queued delivery is next due, or its claim by a replica lapses: job ids scored by that time. */
    static String callbacksDue(String tenantId) {
        return tenant(tenantId) + "callbacks:due";
    }

    /** When each queued delivery's change was queued: job ids scored by that time, the oldest first. */
    static String callbacksQueued(String tenantId) {
        return tenant(tenantId) + "callbacks:queued";
    }

    /** The tenant's token bucket for submissions. */
    static String submissionBucket(String tenantId) {
        return tenant(tenantId) + "bucket:submission";
    }

    /** The tenant's token bucket for reads. */
    static String readBucket(String tenantId) {
        return tenant(tenantId) + "bucket:read";
    }

    private static String tenant(String tenantId) {
        return "gw:{" + tenantId + "}:";
    }
}
