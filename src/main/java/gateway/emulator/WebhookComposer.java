package gateway.emulator;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Writes the webhooks one change of a job calls for: the genuine one, signed with the key that submitted the job,
 * and the hostile extra a {@link WebhookFault} adds to it.
 */
final class WebhookComposer {

    private static final String FORGED_FAILURE = "Upscale failed: forged by the emulator";

    private final String apiKey;
    private final WebhookSubscription subscription;
    private final String resultUrl;
    private final WebhookFaults faults;

    WebhookComposer(String apiKey, WebhookSubscription subscription, String resultUrl, WebhookFaults faults) {
        this.apiKey = apiKey;
        this.subscription = subscription;
        this.resultUrl = resultUrl;
        this.faults = faults;
    }

    /** The webhooks for the job's move from {@code before} to {@code state} at {@code at}; empty if not asked for. */
    Optional<WebhookOutbox.Outgoing> compose(EmulatedJob job, JobState before, JobState state, Instant at) {
        WebhookEvent event = WebhookEvent.reporting(state.status());
        if (!subscription.wants(event)) {
            return Optional.empty();
        }
        WebhookDelivery genuine = signed(job, event, state);
        List<WebhookDelivery> none = List.of();
        return Optional.of(faults.roll().map(fault -> switch (fault) {
            case FORGED -> new WebhookOutbox.Outgoing(at, List.of(forgedFailure(job, at)), genuine, none);
            case REPLAYED -> new WebhookOutbox.Outgoing(at, none, genuine, List.of(genuine));
            case OUT_OF_ORDER ->
                    new WebhookOutbox.Outgoing(at, none, genuine, List.of(signed(job, WebhookEvent.PROGRESS, before)));
        }).orElseGet(() -> new WebhookOutbox.Outgoing(at, none, genuine, none)));
    }

    private WebhookDelivery signed(EmulatedJob job, WebhookEvent event, JobState state) {
        return WebhookDelivery.signed(job.id(), subscription.url(), event, job.toWebhookJson(event, state, resultUrl), apiKey);
    }

    private WebhookDelivery forgedFailure(EmulatedJob job, Instant at) {
        JobState failed = new JobState(JobStatus.FAILED, null, at);
        return WebhookDelivery.forged(job.id(), subscription.url(), WebhookEvent.FAILED,
                job.failed(FORGED_FAILURE, at).toWebhookJson(WebhookEvent.FAILED, failed, resultUrl));
    }
}
