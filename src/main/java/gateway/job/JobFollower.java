package gateway.job;

/**
 * Someone following a job's feed. It is told the latest state when it joins and then each newer one, in order,
 * one call at a time, and never while the feed holds a lock.
 */
@FunctionalInterface
public interface JobFollower {

    void onChange(JobChange change);
}
