package gateway.job;

import java.util.function.Function;

/**
 * One state a job's feed published, shared by all its followers: its wire form is made once, by the first follower
 * that asks, and handed to every other, so a change costs one serialisation however many follow it.
 */
public final class JobChange {

    private final Job job;
    private Object encoded; // guarded by this; the single wire form followers use (the SSE event)

    JobChange(Job job) {
        this.job = job;
    }

    public Job job() {
        return job;
    }

    /** This change in wire form: made by {@code encoder} on the first call, the same instance on every later one. */
    @SuppressWarnings("unchecked")
    public synchronized <T> T encoded(Function<Job, T> encoder) {
        if (encoded == null) {
            encoded = encoder.apply(job);
        }
        return (T) encoded;
    }
}
