package gateway.job;

import java.util.List;

/** One page of a tenant's jobs, newest first, and where the next page starts (null on the last page). */
public record JobPage(List<Job> items, JobCursor next) {
}
