package gateway.api;

import jakarta.enterprise.context.ApplicationScoped;

import gateway.api.UpscaleRequestReader.UpscaleRequest;
import gateway.callback.CallbackTargets;
import gateway.job.JobCallback;

/**
 * The callback a submission asks for: its {@code callbackUrl}, or else its tenant's {@code callback-url}, with its
 * {@code callbackEvents} or the terminal ones. A URL the tenant may not be called back at is a 400, decided before
 * anything reaches Apiframe.
 */
@ApplicationScoped
class SubmissionCallback {

    private final CallbackTargets targets;

    SubmissionCallback(CallbackTargets targets) {
        this.targets = targets;
    }

    /** The callback, or null when the submission asks for none and its tenant has no default. */
    JobCallback of(String tenantId, UpscaleRequest request) {
        String url = request.callbackUrl();
        if (url != null) {
            targets.refusal(tenantId, url).ifPresent(refusal -> {
                throw new InvalidRequestException(UpscaleFields.CALLBACK_URL.name(), refusal);
            });
        } else {
            url = targets.defaultUrl(tenantId).orElse(null);
        }
        if (url == null) {
            if (request.callbackEvents() != null) {
                throw new InvalidRequestException(UpscaleFields.CALLBACK_EVENTS.name(),
                        "needs a callbackUrl: this tenant has no default one");
            }
            return null;
        }
        return JobCallback.requested(url, request.callbackEvents() == null ? JobCallback.TERMINAL_EVENTS
                : request.callbackEvents());
    }
}
