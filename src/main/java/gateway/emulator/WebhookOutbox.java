package gateway.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

/**
 * One job's webhooks on their way, sent one at a time in the order of the changes they report, so a well-behaved
 * receiver never sees the job go backwards. A {@code progress} still waiting when the next one comes is replaced by
 * it: a slow receiver gets fewer progress events, never a backlog. With {@code gateway.emulator.webhook-delay} each
 * leaves that long after its change. Each waiting or in-flight webhook holds one of the shared {@code slots};
 * without a free one it is dropped and the job's webhook status is failed.
 */
final class WebhookOutbox {

    private static final Logger LOG = Logger.getLogger(WebhookOutbox.class);

    private final UUID jobId;
    private final WebhookSender sender;
    private final Duration delay;
    private final Semaphore slots;
    private final Consumer<WebhookStatus> statusChanged;
    private final Deque<Outgoing> waiting = new ArrayDeque<>();
    private boolean sending;
    private boolean jobEnded;
    private boolean gaveUp;
    private WebhookStatus published = WebhookStatus.PENDING;

    WebhookOutbox(UUID jobId, WebhookSender sender, Duration delay, Semaphore slots,
            Consumer<WebhookStatus> statusChanged) {
        this.jobId = jobId;
        this.sender = sender;
        this.delay = delay;
        this.slots = slots;
        this.statusChanged = statusChanged;
    }

    /**
     * The webhook reporting a change at {@code changedAt}, and the hostile extras sent once each just before and
     * just after it (none unless a fault asks for them).
     */
    record Outgoing(Instant changedAt, List<WebhookDelivery> before, WebhookDelivery genuine, List<WebhookDelivery> after) {

        boolean isProgress() {
            return genuine.event() == WebhookEvent.PROGRESS;
        }
    }

    synchronized void send(Outgoing outgoing) {
        if (outgoing.isProgress() && !waiting.isEmpty() && waiting.peekLast().isProgress()) {
            waiting.removeLast(); // superseded before it left: its slot goes to the newer one
            waiting.addLast(outgoing);
        } else if (slots.tryAcquire()) {
            waiting.addLast(outgoing);
        } else {
            LOG.warnf("Emulator dropped the %s webhook of job %s: too many webhooks pending",
                    outgoing.genuine().event().wireName(), jobId);
            gaveUp = true;
        }
        sendNext();
    }

    /** The job has ended: once nothing is waiting, its webhooks are done. */
    synchronized void jobEnded() {
        jobEnded = true;
        publishStatus();
    }

    // Called with the monitor held, by send and sent.
    private void sendNext() {
        if (!sending && !waiting.isEmpty()) {
            sending = true;
            // deliver() recovers every failure it expects; anything else is a bug that must not stall this job
            deliver(waiting.removeFirst()).subscribe().with(this::sent, failure -> {
                LOG.errorf(failure, "Emulator failed to send a webhook of job %s", jobId);
                sent(false);
            });
        }
        publishStatus();
    }

    private synchronized void sent(boolean delivered) {
        sending = false;
        slots.release();
        gaveUp |= !delivered;
        sendNext();
    }

    private Uni<Boolean> deliver(Outgoing outgoing) {
        Uni<Boolean> inOrder = once(outgoing.before())
                .flatMap(ignored -> sender.deliver(outgoing.genuine()))
                .call(() -> once(outgoing.after()));
        Duration late = Duration.between(Instant.now(), outgoing.changedAt().plus(delay));
        if (late.toMillis() < 1) { // due now; the Vert.x timer behind delayIt() refuses a wait under 1 ms
            return inOrder;
        }
        return Uni.createFrom().voidItem().onItem().delayIt().by(late).flatMap(ignored -> inOrder);
    }

    private Uni<Void> once(List<WebhookDelivery> extras) {
        Uni<Void> sent = Uni.createFrom().voidItem();
        for (WebhookDelivery extra : extras) {
            sent = sent.call(() -> sender.deliverOnce(extra));
        }
        return sent;
    }

    private void publishStatus() {
        WebhookStatus status = gaveUp ? WebhookStatus.FAILED
                : jobEnded && !sending && waiting.isEmpty() ? WebhookStatus.DELIVERED
                : WebhookStatus.PENDING;
        if (status != published) {
            published = status;
            statusChanged.accept(status);
        }
    }
}
