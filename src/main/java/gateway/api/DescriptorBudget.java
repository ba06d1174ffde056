package gateway.api;

import java.lang.management.ManagementFactory;
import java.util.OptionalLong;

import com.sun.management.UnixOperatingSystemMXBean;

/**
 * How the process's file-descriptor limit is shared out, so the gateway stays healthy at it instead of failing
 * to open what it needs: a reserve for everything that is not an inbound connection (Apiframe's connection pool,
 * Redis, the management port, the JVM's jars and logs), inbound connections get the rest
 * ({@code quarkus.http.limits.max-connections}), and event streams all of those but some room for plain requests
 * ({@code gateway.sse.max-streams}).
 */
final class DescriptorBudget {

    /** Enough for 128 Apiframe connections, 33 to Redis, the management port and the JVM's own files. */
    private static final long RESERVE = 1024;
    /** Connections left to submissions, reads and list calls when streams hold all they may. */
    private static final long PLAIN_REQUESTS = 256;

    private DescriptorBudget() {
    }

    /** The process's limit on open files, when the platform tells. */
    static OptionalLong descriptorLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
            return OptionalLong.of(unix.getMaxFileDescriptorCount());
        }
        return OptionalLong.empty();
    }

    static long maxConnections(long descriptorLimit) {
        return descriptorLimit - Math.min(RESERVE, descriptorLimit / 4);
    }

    static long maxStreams(long descriptorLimit) {
        long connections = maxConnections(descriptorLimit);
        return connections - Math.min(PLAIN_REQUESTS, connections / 4);
    }

    /** The default of {@code gateway.sse.max-streams}: unbounded where the platform reports no limit. */
    static int defaultMaxStreams() {
        return (int) Math.min(Integer.MAX_VALUE, maxStreams(descriptorLimit().orElse(Long.MAX_VALUE)));
    }
}
