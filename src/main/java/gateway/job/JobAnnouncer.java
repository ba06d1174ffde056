package gateway.job;

/** Tells every follower of a job, on this replica and (with Redis) on all others, about its new state. */
public interface JobAnnouncer {

    void announce(Job job);
}
