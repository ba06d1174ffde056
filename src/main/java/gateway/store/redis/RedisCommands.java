package gateway.store.redis;

import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import gateway.config.GatewayConfig;
import gateway.store.StoreUnavailableException;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Response;

/**
 * Every Redis command the gateway sends goes through here, so that no request waits on Redis for long: each gets
 * {@code gateway.redis.command-timeout}, waiting for a pooled connection included (the Redis client has no such
 * deadline of its own: {@code quarkus.redis.timeout} bounds only its blocking API), and any failure becomes a
 * {@link StoreUnavailableException}. Redis cannot take a command back, so one that missed its deadline may still run
 * when Redis answers again; callers whose command would then hold something (a claim, a slot) say how to undo it.
 */
@ApplicationScoped
public class RedisCommands {

    private static final Consumer<Object> NOTHING_TO_UNDO = late -> {
    };

    private final ReactiveRedisDataSource redis;
    private final Vertx vertx;
    private final long timeoutMillis;

    RedisCommands(ReactiveRedisDataSource redis, Vertx vertx, GatewayConfig config) {
        this.redis = redis;
        this.vertx = vertx;
        this.timeoutMillis = config.redis().commandTimeout().toMillis();
    }

    /** Sends one command; its reply may be null (a nil reply). */
    public Uni<Response> execute(String command, String... arguments) {
        return withDeadline(redis.execute(command, arguments), NOTHING_TO_UNDO);
    }

    /** Like {@link #execute}, undoing the effect of a command whose reply came after its caller had given up. */
    public Uni<Response> execute(Consumer<Response> undoIfLate, String command, String... arguments) {
        return withDeadline(redis.execute(command, arguments), undoIfLate);
    }

    /**
     * The command's outcome, or a {@link StoreUnavailableException} once the deadline passed. The timer runs on the
     * caller's Vert.x context, so a request goes on where it was; the command itself is left to finish, and its late
     * reply goes to {@code undoIfLate}.
     */
    private <T> Uni<T> withDeadline(Uni<T> command, Consumer<? super T> undoIfLate) {
        return Uni.createFrom().emitter(emitter -> {
            AtomicBoolean settled = new AtomicBoolean();
            long timer = vertx.setTimer(timeoutMillis, id -> {
                if (settled.compareAndSet(false, true)) {
                    emitter.fail(new StoreUnavailableException(
                            new TimeoutException("no reply within " + timeoutMillis + " ms")));
                }
            });
            command.subscribe().with(reply -> {
                if (settled.compareAndSet(false, true)) {
                    vertx.cancelTimer(timer);
                    emitter.complete(reply);
                } else {
                    undoIfLate.accept(reply);
                }
            }, failure -> {
                if (settled.compareAndSet(false, true)) {
                    vertx.cancelTimer(timer);
                    emitter.fail(failure instanceof StoreUnavailableException ? failure
                            : new StoreUnavailableException(failure));
                }
            });
        });
    }
}
