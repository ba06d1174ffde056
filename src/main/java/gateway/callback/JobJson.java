package gateway.callback;

import gateway.job.Job;

/**
 * The Job resource's JSON exactly as {@code GET /v1/upscales/{id}} answers it: the body of every delivery. The HTTP
 * edge owns that form, so it provides this.
 */
public interface JobJson {

    String of(Job job);
}
