package gateway.callback;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import gateway.job.Job;
import gateway.job.JobCallback;
import gateway.job.JobCallbacks;
import gateway.metrics.GatewayMetrics;
import io.smallrye.mutiny.Uni;

/**
 * Queues the delivery of a job's change, with the job's JSON as it is now for its body, and has it attempted at once.
 * A tenant's full queue does not hold the job up: the change is not delivered, and its job's callback says so.
 */
@ApplicationScoped
public class CallbackDispatcher implements JobCallbacks {

    private static final Logger LOG = Logger.getLogger(CallbackDispatcher.class);

    private final DeliveryQueue queue;
    private final JobJson json;
    private final CallbackDeliverer deliverer;
    private final CallbackStates states;
    private final GatewayMetrics metrics;

    CallbackDispatcher(DeliveryQueue queue, JobJson json, CallbackDeliverer deliverer, CallbackStates states,
            GatewayMetrics metrics) {
        this.queue = queue;
        this.json = json;
        this.deliverer = deliverer;
        this.states = states;
        this.metrics = metrics;
    }

    @Override
    public Uni<Void> deliver(Job job) {
        JobCallback callback = job.callback();
        PendingDelivery delivery = new PendingDelivery(job.tenantId(), job.id(), callback.eventSeq(), callback.url(),
                json.of(job));
        return queue.offer(delivery).chain(queued -> {
            if (queued) {
                deliverer.wake(job.tenantId());
                return Uni.createFrom().voidItem();
            }
            LOG.warnf("The callback queue of tenant %s is full: change %d of job %s is not delivered", job.tenantId(),
                    callback.eventSeq(), job.id());
            metrics.callback(job.tenantId(), "dropped");
            return states.record(job.tenantId(), job.id(), callback.eventSeq(), JobCallback.Status.FAILED, 0, null,
                    "not queued: the tenant's callback queue was full");
        });
    }
}
