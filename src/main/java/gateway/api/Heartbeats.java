package gateway.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import gateway.GatewayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.vertx.core.Vertx;

/** One timer for every open event stream: a tick each {@code gateway.sse.heartbeat}, broadcast to all of them. */
@ApplicationScoped
public class Heartbeats {

    private final BroadcastProcessor<Long> ticks = BroadcastProcessor.create();
    private final Vertx vertx;
    private final long periodMillis;
    private long timerId = -1;

    Heartbeats(Vertx vertx, GatewayConfig config) {
        this.vertx = vertx;
        this.periodMillis = config.sse().heartbeat().toMillis();
    }

    void start(@Observes StartupEvent event) {
        timerId = vertx.setPeriodic(periodMillis, ticks::onNext);
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timerId);
        ticks.onComplete();
    }

    public Multi<Long> ticks() {
        return ticks;
    }
}
