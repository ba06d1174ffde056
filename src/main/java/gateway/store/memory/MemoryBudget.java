package gateway.store.memory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import gateway.config.GatewayConfig;
import gateway.job.StoreFullException;
import gateway.job.StoreRoom;
import gateway.job.UpscaleParameters;
import gateway.metrics.GatewayMetrics;
import io.quarkus.runtime.configuration.MemorySize;

/**
 * The heap the memory store may fill: {@code gateway.jobs.max-memory}, by default {@value #DEFAULT_SHARE_PERCENT}% of
 * the JVM's maximum heap. Counts the estimated bytes of what the stores hold ({@link JobFootprint}); of those, the
 * <em>pinned</em> bytes belong to jobs not yet terminal and to submissions on their way to Apiframe, which are
 * never evicted. The stores evict terminal jobs while the total is over the budget, and a submission that would
 * pin more than the budget is refused before Apiframe is called.
 */
@Singleton // created with the StoreRoom at startup, so its gauges exist from the start
@Typed(MemoryBudget.class) // chosen by gateway.store in gateway.StoreSelection
public class MemoryBudget implements StoreRoom {

    /**
     * The store's share of the heap when none is configured. The rest is for what cannot be evicted: requests and
     * answers in transit, open event streams, the framework itself, and the headroom G1 needs to collect without
     * stalling (it copes well below about 70% of the heap live).
     */
    static final int DEFAULT_SHARE_PERCENT = 40;

    private static final Logger LOG = Logger.getLogger(MemoryBudget.class);

    private final long limit;
    private final long maxEntries;
    private final Duration retryAfter;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong pinned = new AtomicLong();
    private final AtomicLong jobs = new AtomicLong();
    private final AtomicLong pinnedJobs = new AtomicLong();

    @Inject
    public MemoryBudget(GatewayConfig config, GatewayMetrics metrics) {
        this(config.jobs().maxMemory().map(MemorySize::asLongValue)
                .orElse(Runtime.getRuntime().maxMemory() / 100 * DEFAULT_SHARE_PERCENT), config.jobs().maxEntries(),
                config.polling().maxInterval());
        metrics.storeGauges(used::get, () -> limit, jobs::get);
        LOG.infof("The memory store keeps at most %d MB of jobs (gateway.jobs.max-memory)", limit >> 20);
    }

    MemoryBudget(long limit, long maxEntries, Duration retryAfter) {
        this.limit = limit;
        this.maxEntries = maxEntries;
        this.retryAfter = retryAfter;
    }

    @Override
    public Hold reserve(UpscaleParameters parameters, Map<String, Object> metadata) {
        long bytes = JobFootprint.inFlight(parameters, metadata);
        if (!tryPin(bytes)) {
            throw new StoreFullException(retryAfter);
        }
        return () -> unpin(bytes, 0);
    }

    /** Pins a submission's bytes and one entry if both stay within the budget; false if the store is full of pinned ones. */
    private boolean tryPin(long bytes) {
        long before;
        do {
            before = pinned.get();
            if (before + bytes > limit || pinnedJobs.get() >= maxEntries) {
                return false;
            }
        } while (!pinned.compareAndSet(before, before + bytes));
        used.addAndGet(bytes);
        return true;
    }

    /** A job not yet terminal came in: its bytes are pinned until it is terminal. */
    void addPinned(long bytes) {
        pinned.addAndGet(bytes);
        used.addAndGet(bytes);
        pinnedJobs.incrementAndGet();
        jobs.incrementAndGet();
    }

    /** A terminal job came in. */
    void addEvictable(long bytes) {
        used.addAndGet(bytes);
        jobs.incrementAndGet();
    }

    /** A job changed while in flight, its size with it. */
    void resizePinned(long delta) {
        pinned.addAndGet(delta);
        used.addAndGet(delta);
    }

    /** A job became terminal: its pinned bytes go, its new size stays until it is evicted. */
    void becameTerminal(long pinnedBytes, long bytes) {
        unpin(pinnedBytes, 1);
        used.addAndGet(bytes);
    }

    /** A job left the store. */
    void removed(long bytes, boolean wasPinned) {
        if (wasPinned) {
            unpin(bytes, 1);
        } else {
            used.addAndGet(-bytes);
        }
        jobs.decrementAndGet();
    }

    /** Bytes held outside jobs (idempotency records): counted, never pinned. */
    void charge(long delta) {
        used.addAndGet(delta);
    }

    private void unpin(long bytes, int entries) {
        pinned.addAndGet(-bytes);
        used.addAndGet(-bytes);
        pinnedJobs.addAndGet(-entries);
    }

    /** Whether terminal jobs should be evicted: more bytes or more jobs held than allowed. */
    boolean isOver() {
        return used.get() > limit || jobs.get() > maxEntries;
    }

    long used() {
        return used.get();
    }

    long pinned() {
        return pinned.get();
    }

    long limit() {
        return limit;
    }
}
