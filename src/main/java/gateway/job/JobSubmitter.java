package gateway.job;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import gateway.tenant.Tenant;
import gateway.upstream.ApiframeClient;
import io.smallrye.mutiny.Uni;

/**
 * Turns an accepted request into a job: submits it to Apiframe with the tenant's key, stores it once Apiframe has
 * accepted it, and hands it to the {@link JobWatcher}. A job exists only after Apiframe accepted it.
 */
@ApplicationScoped
public class JobSubmitter {

    private static final Logger LOG = Logger.getLogger(JobSubmitter.class);

    private final ApiframeClient upstream;
    private final JobStore store;
    private final JobWatcher watcher;
    private final Clock clock;

    JobSubmitter(ApiframeClient upstream, JobStore store, JobWatcher watcher, Clock clock) {
        this.upstream = upstream;
        this.store = store;
        this.watcher = watcher;
        this.clock = clock;
    }

    public Uni<Job> submit(Tenant tenant, UpscaleParameters parameters, Map<String, Object> metadata) {
        String jobId = JobIds.next();
        // one upstream key per submission, the same on every attempt, so a retry never creates a second job
        String upstreamIdempotencyKey = UUID.randomUUID().toString();
        return upstream.submit(tenant, parameters, upstreamIdempotencyKey)
                .chain(upstreamJobId -> {
                    Job job = Job.accepted(jobId, tenant.id(), parameters, metadata, upstreamJobId, clock.instant());
                    return store.insert(job).replaceWith(job);
                })
                .invoke(job -> {
                    LOG.infof("Job %s of tenant %s accepted by Apiframe", job.id(), tenant.id());
                    watcher.watch(job, tenant);
                });
    }

    /** Uploads the caller's image to Apiframe first, then submits the job for the URL Apiframe gave it. */
    public Uni<Job> submitWithUpload(Tenant tenant, UploadedImage image, UpscaleParameters parameters,
            Map<String, Object> metadata) {
        return upstream.upload(tenant, image.file(), image.fileName(), image.contentType())
                .chain(url -> submit(tenant, parameters.withImage(url), metadata));
    }

    /** An image the caller sent as a file, already on local disk. */
    public record UploadedImage(Path file, String fileName, String contentType) {
    }
}
