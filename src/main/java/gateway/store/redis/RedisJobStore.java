package gateway.store.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import gateway.config.GatewayConfig;
import gateway.job.Job;
import gateway.job.JobCursor;
import gateway.job.JobPage;
import gateway.job.JobStatus;
import gateway.job.JobStore;
import gateway.job.UnreadableJobException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * Jobs in Redis, shared by every replica. Keys are hash-tagged by tenant, so one tenant's keys share a cluster slot
 * and every script below runs on a cluster too:
 * <ul>
 * <li>{@link RedisKeys#job}: a hash of the job as JSON ({@code json}) and its {@code seq}, the version
 * {@link #update} compares and sets. Bounded by its TTL, {@code gateway.jobs.retention} from insertion.</li>
 * <li>{@link RedisKeys#jobs}: the tenant's listing index, job ids scored by creation time in epoch millis. Bounded
 * by score: every insert trims the entries older than the retention, and the whole index expires one retention
 * after the tenant's last insert.</li>
 * </ul>
 * An insert also takes the job's poll lease for this replica ({@link RedisPollLeases}) in the same script, so no
 * stored job is ever without a lease: if this replica dies right after storing it, the lease lapses and another
 * replica takes the job over. {@code gateway.jobs.max-entries} bounds only the memory store; here Redis's own memory limit is the hard cap.
 */
@ApplicationScoped
@Typed(RedisJobStore.class) // chosen by gateway.store in gateway.StoreSelection
public class RedisJobStore implements JobStore {

    private static final Logger LOG = Logger.getLogger(RedisJobStore.class);
    private static final Comparator<JobCursor> NEWEST_FIRST = Comparator.comparing(JobCursor::createdAt)
            .thenComparing(JobCursor::jobId).reversed();
    // a writer that lost this many races in a row against writers of the same job gives up
    static final int MAX_UPDATE_ATTEMPTS = 32;
    // listing reads the index at least this many ids at a time, and never fewer than a page and one more
    private static final int MIN_SCAN_BATCH = 32;

    // KEYS job hash, tenant index, leases, lease lapse times; ARGV json, seq, retention ms, created-at ms, job id,
    // oldest created-at ms kept, replica, lease ms. A job already stored stays as it is (a late or repeated insert
    // must not move it back to queued), and so does its lease.
    private static final String INSERT = RedisScripts.NOW + """
            if redis.call('EXISTS', KEYS[1]) == 1 then
              return 0
            end
            redis.call('HSET', KEYS[1], 'json', ARGV[1], 'seq', ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            redis.call('ZADD', KEYS[2], ARGV[4], ARGV[5])
            redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[6])
            redis.call('PEXPIRE', KEYS[2], ARGV[3])
            redis.call('HSET', KEYS[3], ARGV[5], ARGV[7])
            redis.call('ZADD', KEYS[4], now + tonumber(ARGV[8]), ARGV[5])
            return 1
            """;
    // KEYS job hash; ARGV the seq the change was computed from, new json, new seq. HSET keeps the key's TTL.
    private static final String COMPARE_AND_SET = """
            if redis.call('HGET', KEYS[1], 'seq') ~= ARGV[1] then
              return 0
            end
            redis.call('HSET', KEYS[1], 'json', ARGV[2], 'seq', ARGV[3])
            return 1
            """;
    // KEYS job hashes of one tenant; the json of each, nil where it expired
    private static final String FETCH = """
            local jobs = {}
            for i, key in ipairs(KEYS) do
              jobs[i] = redis.call('HGET', key, 'json')
            end
            return jobs
            """;

    private final RedisCommands redis;
    private final RedisPollLeases leases;
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration retention;

    RedisJobStore(RedisCommands redis, RedisPollLeases leases, ObjectMapper json, GatewayConfig config, Clock clock) {
        this.redis = redis;
        this.leases = leases;
        this.json = json;
        this.clock = clock;
        this.retention = config.jobs().retention();
    }

    @Override
    public Uni<Void> insert(Job job) {
        String tenantId = job.tenantId();
        return redis.execute("EVAL", INSERT, "4", RedisKeys.job(tenantId, job.id()), RedisKeys.jobs(tenantId),
                RedisKeys.leases(tenantId), RedisKeys.polled(tenantId),
                write(job), Long.toString(job.seq()), Long.toString(retention.toMillis()),
                Long.toString(job.createdAt().toEpochMilli()), job.id(), Long.toString(oldestKept().toEpochMilli()),
                leases.replica(), leases.leaseMillis())
                .replaceWithVoid();
    }

    @Override
    public Uni<Job> find(String tenantId, String jobId) {
        return redis.execute("HGET", RedisKeys.job(tenantId, jobId), "json")
                .map(stored -> stored == null ? null : visible(tenantId, read(tenantId, jobId, stored.toString())));
    }

    @Override
    public Uni<Job> update(String tenantId, String jobId, UnaryOperator<Job> change) {
        String key = RedisKeys.job(tenantId, jobId);
        return Uni.createFrom().deferred(() -> tryUpdate(tenantId, jobId, key, change))
                .onFailure(UpdateConflictException.class).retry()
                .withBackOff(Duration.ofMillis(1), Duration.ofMillis(50))
                .atMost(MAX_UPDATE_ATTEMPTS - 1);
    }

    @Override
    public Uni<JobPage> list(String tenantId, JobStatus status, int limit, JobCursor after) {
        String newest = after == null ? "+inf" : Long.toString(after.createdAt().toEpochMilli());
        Scan scan = new Scan(tenantId, status, limit, after, newest, Long.toString(oldestKept().toEpochMilli()),
                Math.max(limit + 1, MIN_SCAN_BATCH));
        return scan.from(0, new ArrayList<>(limit));
    }

    /** One read-change-write round; fails with {@link UpdateConflictException} when another writer came between. */
    private Uni<Job> tryUpdate(String tenantId, String jobId, String key, UnaryOperator<Job> change) {
        return redis.execute("HMGET", key, "json", "seq").chain(stored -> {
            Response storedJson = stored.get(0);
            Job current = storedJson == null ? null : visible(tenantId, read(tenantId, jobId, storedJson.toString()));
            if (current == null) {
                return Uni.createFrom().nullItem();
            }
            Job changed = change.apply(current);
            if (changed == current) {
                return Uni.createFrom().item(current);
            }
            if (changed.seq() <= current.seq()) {
                // seq is the version compared below: a change that kept it could silently overwrite a racing one
                return Uni.createFrom().failure(new IllegalStateException(
                        "a change to job " + current.id() + " must raise its seq above " + current.seq()));
            }
            return redis.execute("EVAL", COMPARE_AND_SET, "1", key, stored.get(1).toString(), write(changed),
                    Long.toString(changed.seq()))
                    .map(reply -> {
                        if (reply.toInteger() != 1) {
                            throw new UpdateConflictException(current.id());
                        }
                        return changed;
                    });
        });
    }

    /** Walks a tenant's index newest first, a batch of ids at a time, until one page and one more job are found. */
    private final class Scan {
        private final String tenantId;
        private final JobStatus status;
        private final int limit;
        private final JobCursor after;
        private final String newest;
        private final String oldest;
        private final int batch;

        Scan(String tenantId, JobStatus status, int limit, JobCursor after, String newest, String oldest, int batch) {
            this.tenantId = tenantId;
            this.status = status;
            this.limit = limit;
            this.after = after;
            this.newest = newest;
            this.oldest = oldest;
            this.batch = batch;
        }

        Uni<JobPage> from(int offset, List<Job> page) {
            // by hand: the typed zrangebyscore cannot send a bounded range with REV (it does not swap the bounds)
            return redis.execute("ZRANGE", RedisKeys.jobs(tenantId), newest, oldest, "BYSCORE", "REV", "LIMIT",
                    Integer.toString(offset), Integer.toString(batch))
                    .chain(reply -> {
                        List<String> ids = strings(reply);
                        return fetch(ids).chain(jobs -> {
                            for (Job job : jobs) {
                                if (!wanted(job)) {
                                    continue;
                                }
                                if (page.size() == limit) {
                                    return Uni.createFrom().item(new JobPage(List.copyOf(page),
                                            keyOf(page.get(page.size() - 1))));
                                }
                                page.add(job);
                            }
                            if (ids.size() < batch) {
                                return Uni.createFrom().item(new JobPage(List.copyOf(page), null));
                            }
                            return from(offset + batch, page);
                        });
                    });
        }

        private boolean wanted(Job job) {
            // the index range starts at the cursor's millisecond, so jobs at or before the cursor come back too
            return job != null && (status == null || job.status() == status)
                    && (after == null || NEWEST_FIRST.compare(keyOf(job), after) > 0);
        }

        private Uni<List<Job>> fetch(List<String> ids) {
            if (ids.isEmpty()) {
                return Uni.createFrom().item(List.of());
            }
            List<String> args = new ArrayList<>(ids.size() + 2);
            args.add(FETCH);
            args.add(Integer.toString(ids.size()));
            ids.forEach(id -> args.add(RedisKeys.job(tenantId, id)));
            return redis.execute("EVAL", args.toArray(String[]::new)).map(reply -> {
                List<Job> jobs = new ArrayList<>(ids.size());
                List<String> stored = strings(reply);
                for (int i = 0; i < stored.size(); i++) {
                    jobs.add(stored.get(i) == null ? null : readable(ids.get(i), stored.get(i)));
                }
                return jobs;
            });
        }

        /** One unreadable job must not hide the tenant's others: it is left out of listings, and logged. */
        private Job readable(String jobId, String stored) {
            try {
                return visible(tenantId, read(tenantId, jobId, stored));
            } catch (UnreadableJobException e) {
                LOG.errorf("Left job %s of tenant %s out of a listing: %s", jobId, tenantId, e.getMessage());
                return null;
            }
        }
    }

    private Job visible(String tenantId, Job job) {
        if (!job.tenantId().equals(tenantId) || job.createdAt().isBefore(oldestKept())) {
            return null;
        }
        return job;
    }

    private Instant oldestKept() {
        return clock.instant().minus(retention);
    }

    private Job read(String tenantId, String jobId, String stored) {
        try {
            return json.readValue(stored, Job.class);
        } catch (JsonProcessingException e) {
            throw new UnreadableJobException(tenantId, jobId, e);
        }
    }

    private String write(Job job) {
        try {
            return json.writeValueAsString(job);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a job always serialises", e);
        }
    }

    private static List<String> strings(Response reply) {
        List<String> values = new ArrayList<>(reply.size());
        for (Response element : reply) {
            values.add(element == null ? null : element.toString());
        }
        return values;
    }

    private static JobCursor keyOf(Job job) {
        return new JobCursor(job.createdAt(), job.id());
    }

    /** Another writer changed the job between this writer's read and its write. */
    static final class UpdateConflictException extends RuntimeException {
        UpdateConflictException(String jobId) {
            super("job " + jobId + " kept changing while it was being updated", null, false, false);
        }
    }
}
