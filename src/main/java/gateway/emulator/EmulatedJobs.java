package gateway.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The emulator's jobs and their idempotency keys, kept in memory for 24 hours and up to {@code max-jobs}. */
@ApplicationScoped
class EmulatedJobs {

    static final Duration RETENTION = Duration.ofHours(24);

    private final int maxJobs;
    private final JobTimeline timeline;
    // Insertion order is creation order, so the eldest entry is both the oldest and the first to expire:
    // bounded by max-jobs (eldest evicted) and by RETENTION (purged from the head on every call).
    private final LinkedHashMap<UUID, EmulatedJob> jobs = new LinkedHashMap<>();
    // One entry per retained job that carried an Idempotency-Key, removed together with that job.
    private final Map<IdempotencyScope, UUID> idempotencyKeys = new HashMap<>();

    @Inject
    EmulatedJobs(EmulatorConfig config) {
        this(config.maxJobs(), new JobTimeline(config.jobDuration()));
    }

    EmulatedJobs(int maxJobs, JobTimeline timeline) {
        this.maxJobs = maxJobs;
        this.timeline = timeline;
    }

    /**
     * Stores {@code candidate} and returns it, unless a retained job of the same API key already holds its
     * Idempotency-Key: then that job is returned and nothing is stored.
     */
    synchronized EmulatedJob register(EmulatedJob candidate, Instant now) {
        purgeExpired(now);
        Optional<EmulatedJob> holder = findByIdempotencyKey(candidate.apiKey(), candidate.idempotencyKey(), now);
        if (holder.isPresent()) {
            return holder.get();
        }
        jobs.put(candidate.id(), candidate);
        if (candidate.idempotencyKey() != null) {
            idempotencyKeys.put(new IdempotencyScope(candidate.apiKey(), candidate.idempotencyKey()), candidate.id());
        }
        Iterator<EmulatedJob> eldestFirst = jobs.values().iterator();
        while (jobs.size() > maxJobs) {
            forget(eldestFirst.next());
            eldestFirst.remove();
        }
        return candidate;
    }

    /** How many retained jobs a key has created: each one was charged, so this is what duplicates would show in. */
    synchronized long countCreatedBy(String apiKey) {
        return jobs.values().stream().filter(job -> job.apiKey().equals(apiKey)).count();
    }

    /** The job, if it exists and belongs to {@code apiKey}: another key's job is as good as unknown. */
    synchronized Optional<EmulatedJob> find(UUID id, String apiKey, Instant now) {
        purgeExpired(now);
        return Optional.ofNullable(jobs.get(id)).filter(job -> job.apiKey().equals(apiKey));
    }

    synchronized Optional<EmulatedJob> findByIdempotencyKey(String apiKey, String idempotencyKey, Instant now) {
        if (idempotencyKey == null) {
            return Optional.empty();
        }
        purgeExpired(now);
        return Optional.ofNullable(idempotencyKeys.get(new IdempotencyScope(apiKey, idempotencyKey))).map(jobs::get);
    }

    void complete(UUID id, Instant at) {
        update(id, job -> job.completed(at));
    }

    void fail(UUID id, String reason, Instant at) {
        update(id, job -> job.failed(reason, at));
    }

    void recordWebhookStatus(UUID id, WebhookStatus status) {
        update(id, job -> job.withWebhookStatus(status));
    }

    JobState stateOf(EmulatedJob job, Instant now) {
        return timeline.at(job, now);
    }

    /** When the clock next changes the job's state; see {@link JobTimeline#nextChange}. */
    Optional<Instant> nextChange(EmulatedJob job, Instant now) {
        return timeline.nextChange(job, now);
    }

    private synchronized void update(UUID id, UnaryOperator<EmulatedJob> change) {
        jobs.computeIfPresent(id, (key, job) -> change.apply(job));
    }

    private void purgeExpired(Instant now) {
        Instant oldestKept = now.minus(RETENTION);
        Iterator<EmulatedJob> eldestFirst = jobs.values().iterator();
        while (eldestFirst.hasNext()) {
            EmulatedJob job = eldestFirst.next();
            if (!job.createdAt().isBefore(oldestKept)) {
                return;
            }
            forget(job);
            eldestFirst.remove();
        }
    }

    private void forget(EmulatedJob job) {
        if (job.idempotencyKey() != null) {
            idempotencyKeys.remove(new IdempotencyScope(job.apiKey(), job.idempotencyKey()));
        }
    }

    /** Idempotency keys are scoped to the API key that sent them. */
    private record IdempotencyScope(String apiKey, String idempotencyKey) {
    }
}
