package gateway.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import io.vertx.mutiny.core.Vertx;

/**
 * Watches one job submitted with a {@code webhookUrl} and hands each change of its state to its outbox. The job's
 * timeline says when it next changes, so a job has at most one timer and is looked at once per change (and once
 * more when its upscale ends), never more often.
 */
final class JobWebhooks {

    private static final long NO_TIMER = -1;

    private final UUID jobId;
    private final String apiKey;
    private final WebhookComposer composer;
    private final WebhookOutbox outbox;
    private final EmulatedJobs jobs;
    private final Vertx vertx;
    private final Runnable whenDone;
    private JobState last;
    private long timer = NO_TIMER;

    JobWebhooks(EmulatedJob job, WebhookComposer composer, WebhookOutbox outbox, EmulatedJobs jobs, Vertx vertx,
            Runnable whenDone) {
        this.jobId = job.id();
        this.apiKey = job.apiKey();
        this.composer = composer;
        this.outbox = outbox;
        this.jobs = jobs;
        this.vertx = vertx;
        this.whenDone = whenDone;
    }

    /** Looks at the job now, sends what a change calls for, and sets the timer for its next change. */
    synchronized void check() {
        vertx.cancelTimer(timer);
        timer = NO_TIMER;
        Instant now = Instant.now();
        Optional<EmulatedJob> found = jobs.find(jobId, apiKey, now);
        if (found.isEmpty()) {
            whenDone.run(); // evicted: nobody can read it any more
            return;
        }
        EmulatedJob job = found.get();
        JobState state = jobs.stateOf(job, now);
        // the state a job is accepted in is no change
        if (last != null && !state.equals(last)) {
            composer.compose(job, last, state, now).ifPresent(outbox::send);
        }
        last = state;
        if (WebhookEvent.reporting(state.status()) != WebhookEvent.PROGRESS) {
            outbox.jobEnded();
            whenDone.run();
            return;
        }
        jobs.nextChange(job, now).ifPresent(at -> timer = vertx.setTimer(millisUntil(now, at), fired -> check()));
    }

    // Vert.x timers count whole milliseconds from 1; rounding up never fires before the change.
    private static long millisUntil(Instant now, Instant at) {
        Duration wait = Duration.between(now, at);
        long millis = wait.toMillis();
        return Math.max(1, wait.equals(Duration.ofMillis(millis)) ? millis : millis + 1);
    }
}
