package gateway.store.memory;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import gateway.job.IdempotencyRecord;
import gateway.job.Job;
import gateway.job.JobCallback;
import gateway.job.JobError;
import gateway.job.UpscaleParameters;

/**
 * What a job costs the memory store, in bytes of heap: an estimate from the sizes of its objects on a 64-bit JVM
 * with compressed references (12-byte headers, 4-byte references, 8-byte alignment), calibrated against heap
 * measurements in the benchmark ({@code BENCHMARKS.md}, memory bound). It errs on the high side.
 */
final class JobFootprint {

    /** The store's indexes per job: its map entry, three skip-list entries and their cursors. */
    static final long INDEX_BYTES = 320;
    /**
     * What else an in-flight job holds until it is terminal: its watcher entry, tenant slot, poll lease and feed,
     * an idempotency record, and room for the result its terminal state adds.
     */
    static final long IN_FLIGHT_BYTES = 2048;

    private static final long HEADER = 12;
    private static final long REFERENCE = 4;
    private static final long INSTANT = 24;
    private static final long BOXED_NUMBER = 24;
    private static final long HASH_ENTRY = 40;
    /** The gateway's job id and Apiframe's, before they exist: 64 characters each. */
    private static final long ID_ALLOWANCE = 24 + 16 + 64;

    private JobFootprint() {
    }

    /** A stored job, with its share of the store's indexes. */
    static long of(Job job) {
        return INDEX_BYTES + object(13 * REFERENCE + 8) + string(job.id()) + 3 * INSTANT + string(job.upstreamJobId())
                + parameters(job.request()) + strings(job.images()) + error(job.error()) + value(job.metadata())
                + callback(job.callback());
    }

    /** What a submission holds in the store while it is in flight, before and after Apiframe accepted it. */
    static long inFlight(UpscaleParameters parameters, Map<String, Object> metadata) {
        return IN_FLIGHT_BYTES + INDEX_BYTES + object(12 * REFERENCE + 8) + 2 * ID_ALLOWANCE + 3 * INSTANT + parameters(parameters) + value(metadata);
    }

    /** An idempotency record, with its entry in the record map and in the by-job index. */
    static long ofRecord(String tenantId, String key, IdempotencyRecord record) {
        return 2 * HASH_ENTRY + object(2 * REFERENCE) + string(key) + object(3 * REFERENCE) + INSTANT
                + string(record.requestDigest()) + string(record.jobId()) + (tenantId == null ? 0 : REFERENCE);
    }

    private static long parameters(UpscaleParameters p) {
        if (p == null) {
            return 0;
        }
        return object(10 * REFERENCE + 4) + string(p.image()) + string(p.prompt()) + string(p.negativePrompt())
                + string(p.format()) + boxed(p.creativity()) + boxed(p.resemblance()) + boxed(p.dynamic())
                + boxed(p.steps()) + boxed(p.sharpen()) + boxed(p.seed());
    }

    /** A callback: its own fields, its URL and last error, its list of (shared, enum) statuses and an instant. */
    private static long callback(JobCallback callback) {
        return callback == null ? 0 : object(5 * REFERENCE + 4 + 8) + string(callback.url())
                + string(callback.lastError()) + array(callback.events().size() * REFERENCE) + object(REFERENCE)
                + INSTANT;
    }

    private static long error(JobError error) {
        return error == null ? 0 : object(2 * REFERENCE) + string(error.code()) + string(error.message());
    }

    private static long strings(List<String> strings) {
        if (strings == null) {
            return 0;
        }
        long bytes = array(strings.size() * REFERENCE) + object(REFERENCE);
        for (String s : strings) {
            bytes += string(s);
        }
        return bytes;
    }

    /** A value as Jackson reads JSON into a {@code Map<String, Object>}: maps, lists, strings, numbers, booleans. */
    private static long value(Object value) {
        if (value == null || value instanceof Boolean) {
            return 0; // null and the two Boolean constants are shared
        }
        if (value instanceof String s) {
            return string(s);
        }
        if (value instanceof Map<?, ?> map) {
            long bytes = object(6 * REFERENCE + 16) + array(tableSize(map.size()) * REFERENCE);
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                bytes += HASH_ENTRY + value(entry.getKey()) + value(entry.getValue());
            }
            return bytes;
        }
        if (value instanceof Collection<?> list) {
            long bytes = object(3 * REFERENCE) + array(Math.max(10, list.size()) * REFERENCE);
            for (Object item : list) {
                bytes += value(item);
            }
            return bytes;
        }
        if (value instanceof BigInteger || value instanceof BigDecimal) {
            return 2 * BOXED_NUMBER + array(value.toString().length());
        }
        return BOXED_NUMBER;
    }

    private static long boxed(Object number) {
        return number == null ? 0 : BOXED_NUMBER;
    }

    static long string(String s) {
        if (s == null) {
            return 0;
        }
        return object(REFERENCE + 8) + array((long) s.length() * (isLatin1(s) ? 1 : 2));
    }

    /** Whether the JVM stores the string one byte per character (compact strings); a plain loop, as it runs per job. */
    private static boolean isLatin1(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    private static long tableSize(int entries) {
        return Integer.highestOneBit(Math.max(16, (int) (entries / 0.75f) + 1) * 2 - 1);
    }

    private static long array(long payload) {
        return align(16 + payload);
    }

    private static long object(long fields) {
        return align(HEADER + fields);
    }

    private static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }
}
