package gateway.emulator;

import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;

/**
 * POSTs webhooks the way Apiframe does, on Vert.x's non-blocking client: JSON with {@code X-Webhook-Event} and
 * {@code X-Webhook-Signature}, no redirect followed (a 3xx is an answer like any other non-2xx), every attempt
 * within its deadline, retried as {@link WebhookRetryPolicy} says.
 */
@ApplicationScoped
class WebhookSender {

    private static final Logger LOG = Logger.getLogger(WebhookSender.class);
    /** Connections kept per receiver; further deliveries wait for one, and they are bounded by their senders. */
    private static final int CONNECTIONS_PER_RECEIVER = 32;

    private final WebhookRetryPolicy policy;
    private final HttpClient client;

    @Inject
    WebhookSender(Vertx vertx) {
        this(vertx, WebhookRetryPolicy.APIFRAME_LIKE);
    }

    WebhookSender(Vertx vertx, WebhookRetryPolicy policy) {
        this.policy = policy;
        this.client = vertx.createHttpClient(
                new HttpClientOptions().setConnectTimeout((int) policy.attemptDeadline().toMillis()),
                new PoolOptions().setHttp1MaxSize(CONNECTIONS_PER_RECEIVER));
    }

    /** Sends until a 2xx or the retries run out; the item says whether it was delivered. Never fails. */
    Uni<Boolean> deliver(WebhookDelivery delivery) {
        return attempt(delivery)
                .onFailure().retry().withBackOff(policy.firstBackoff(), policy.maxBackoff()).atMost(policy.retries())
                .replaceWith(true)
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Emulator gave up on the %s webhook of job %s after %d attempts: %s", delivery.event().wireName(),
                            delivery.jobId(), policy.retries() + 1, failure.getMessage());
                    return false;
                });
    }

    /** One attempt, never retried: the hostile extras a faulty sender adds. The item says whether it got a 2xx. */
    Uni<Boolean> deliverOnce(WebhookDelivery delivery) {
        return attempt(delivery).replaceWith(true).onFailure().recoverWithItem(false);
    }

    private Uni<Void> attempt(WebhookDelivery delivery) {
        return client.request(options(delivery))
                .flatMap(request -> request.send(Buffer.newInstance(delivery.body()))
                        // the receiver's answer body is read and dropped; a timed-out attempt frees its connection
                        .flatMap(response -> response.end().replaceWith(response.statusCode()))
                        .onCancellation().invoke(() -> request.reset()))
                .ifNoItem().after(policy.attemptDeadline())
                .failWith(() -> new TimeoutException("no answer within " + policy.attemptDeadline().toMillis() + " ms"))
                .flatMap(status -> status / 100 == 2
                        ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(new IllegalStateException("the receiver answered HTTP " + status)));
    }

    private static RequestOptions options(WebhookDelivery delivery) {
        return new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(delivery.url().toString())
                .setFollowRedirects(false)
                .putHeader("Content-Type", "application/json")
                .putHeader("X-Webhook-Event", delivery.event().wireName())
                .putHeader("X-Webhook-Signature", delivery.signature());
    }

    @PreDestroy
    void close() {
        client.closeAndForget();
    }
}
