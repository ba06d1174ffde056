package gateway.job;

import jakarta.enterprise.context.ApplicationScoped;

import gateway.tenant.Tenant;
import gateway.tenant.TenantRegistry;
import gateway.upstream.ApiframeWebhook;
import gateway.upstream.ApiframeWebhooks;
import gateway.upstream.UpstreamContractException;
import io.smallrye.mutiny.Uni;

/**
 * Takes a webhook for the job its path names once it is shown to be Apiframe's: signed with the Apiframe key of the
 * job's tenant and about that job's Apiframe job. It then moves the job the way a poll does ({@link JobUpdater});
 * one that ends the job ends its polling too. Anything else changes nothing.
 */
@ApplicationScoped
public class WebhookReceiver {

    private final TenantRegistry tenants;
    private final ApiframeWebhooks webhooks;
    private final JobStore store;
    private final JobUpdater updater;
    private final JobWatcher watcher;

    WebhookReceiver(TenantRegistry tenants, ApiframeWebhooks webhooks, JobStore store, JobUpdater updater,
            JobWatcher watcher) {
        this.tenants = tenants;
        this.webhooks = webhooks;
        this.store = store;
        this.updater = updater;
        this.watcher = watcher;
    }

    /** Checks the signature before the body is read or the store is asked: a forgery costs one HMAC. */
    public Uni<WebhookOutcome> receive(String tenantId, String jobId, byte[] body, String signature) {
        Tenant tenant = tenants.byId(tenantId).orElse(null);
        if (tenant == null) {
            return outcome(WebhookOutcome.UNKNOWN_JOB);
        }
        if (!webhooks.isSignedBy(tenant.apiframeKey(), body, signature)) {
            return outcome(WebhookOutcome.BAD_SIGNATURE);
        }
        ApiframeWebhook webhook;
        try {
            webhook = webhooks.read(body);
        } catch (UpstreamContractException malformed) {
            return outcome(WebhookOutcome.MALFORMED);
        }
        return store.find(tenant.id(), jobId).chain(job -> {
            if (job == null) {
                return outcome(WebhookOutcome.UNKNOWN_JOB);
            }
            if (!webhook.jobId().equals(job.upstreamJobId())) {
                return outcome(WebhookOutcome.WRONG_JOB);
            }
            return updater.apply(tenant.id(), job.id(), JobUpdate.fromUpstream(webhook.state())).map(applied -> {
                if (applied.job() != null && applied.job().isTerminal()) {
                    watcher.ended(applied.job());
                }
                return applied.moved() ? WebhookOutcome.ACCEPTED : WebhookOutcome.STALE;
            });
        });
    }

    private static Uni<WebhookOutcome> outcome(WebhookOutcome outcome) {
        return Uni.createFrom().item(outcome);
    }
}
