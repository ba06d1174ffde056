package gateway.callback;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import gateway.config.GatewayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Makes one delivery attempt: a signed POST of the body to the callback URL, on Vert.x's non-blocking client (its
 * own, apart from Apiframe's), never following a redirect, and given up after {@code gateway.callbacks.timeout}
 * from the start, waiting for a connection included. An attempt never fails: its outcome is an {@link AttemptResult}.
 */
@ApplicationScoped
class CallbackSender {

    private static final String USER_AGENT = "upscale-gateway-callbacks";
    private static final int MAX_ERROR_LENGTH = 200;

    private final Vertx vertx;
    private final Clock clock;
    private final long timeoutMillis;
    private final HttpClient client;

    CallbackSender(Vertx vertx, Clock clock, CallbackTargets targets, GatewayConfig config) {
        this.vertx = vertx;
        this.clock = clock;
        this.timeoutMillis = config.callbacks().timeout().toMillis();
        int connections = Math.max(1, config.callbacks().maxConcurrentPerTenant() * targets.tenants().size());
        // the pool is per receiver (host and port): tenants sharing one must not wait for each other's connections
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .setIdleTimeout((int) Math.max(1, config.callbacks().timeout().toSeconds()))
                .setMaxPoolSize(connections)
                .setKeepAlive(true));
    }

    void stop(@Observes ShutdownEvent event) {
        client.close();
    }

    Uni<AttemptResult> send(PendingDelivery delivery, CallbackSecret secret) {
        long timestamp = clock.instant().getEpochSecond();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(delivery.url())
                .setFollowRedirects(false)
                .putHeader("content-type", "application/json")
                .putHeader("user-agent", USER_AGENT)
                .putHeader("webhook-id", delivery.eventId())
                .putHeader("webhook-timestamp", Long.toString(timestamp))
                .putHeader("webhook-signature", secret.sign(delivery.eventId(), timestamp, delivery.body()));
        Buffer body = Buffer.buffer(delivery.body());
        return Uni.createFrom().emitter(emitter -> {
            AtomicBoolean settled = new AtomicBoolean();
            AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
            long timer = vertx.setTimer(timeoutMillis, id -> {
                if (settled.compareAndSet(false, true)) {
                    HttpClientRequest request = sent.get();
                    if (request != null) {
                        request.reset();
                    }
                    emitter.complete(AttemptResult.failed("no answer within " + timeoutMillis + " ms"));
                }
            });
            client.request(options).compose(request -> {
                sent.set(request);
                if (settled.get()) { // the deadline passed while it waited for a connection
                    request.reset();
                }
                return request.send(body);
            }).onComplete(outcome -> {
                if (!settled.compareAndSet(false, true)) {
                    return;
                }
                vertx.cancelTimer(timer);
                if (outcome.succeeded()) {
                    outcome.result().handler(ignored -> {
                        // the answer's body is not read: draining it lets the connection be used again
                    });
                    emitter.complete(AttemptResult.of(outcome.result().statusCode()));
                } else {
                    emitter.complete(AttemptResult.failed(describe(outcome.cause())));
                }
            });
        });
    }

    private static String describe(Throwable failure) {
        String text = failure.getClass().getSimpleName()
                + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) : text;
    }
}
