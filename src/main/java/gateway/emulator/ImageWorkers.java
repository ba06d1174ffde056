package gateway.emulator;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.WorkerExecutor;

/**
 * Where the emulator's blocking work runs (fetching, decoding, resizing and encoding images, reading uploads):
 * a small Vert.x worker pool, never the event loop. Results are delivered back on the caller's event loop.
 */
@ApplicationScoped
class ImageWorkers {

    /** Bounds how many images are decoded and upscaled at once, and so the memory they hold. */
    private static final int POOL_SIZE = 4;
    /** A 64-megapixel PNG takes a while; Vert.x would otherwise log it as a blocked worker after 60 s. */
    private static final long MAX_EXECUTE_MINUTES = 10;

    private final WorkerExecutor executor;

    ImageWorkers(Vertx vertx) {
        this.executor = vertx.createSharedWorkerExecutor("apiframe-emulator", POOL_SIZE, MAX_EXECUTE_MINUTES, TimeUnit.MINUTES);
    }

    <T> Uni<T> run(Callable<T> blockingWork) {
        return executor.executeBlocking(blockingWork, false);
    }

    @PreDestroy
    void close() {
        executor.closeAndForget();
    }
}
