package gateway.api;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import gateway.job.JobStore;
import io.smallrye.mutiny.Uni;

/**
 * Answers 404 for an unknown or foreign job (and 400 for a bad {@code Last-Event-ID}) before a stream's response
 * head is written: once an event stream has started, its status can no longer change. A client that has seen the
 * terminal event gets 204, the HTML standard's signal for an EventSource to stop reconnecting.
 */
public class ExistingJobFilter {

    private final JobStore store;
    private final CurrentTenant currentTenant;

    ExistingJobFilter(JobStore store, CurrentTenant currentTenant) {
        this.store = store;
        this.currentTenant = currentTenant;
    }

    @ExistingJob
    @ServerRequestFilter
    public Uni<Response> requireJob(UriInfo uri, HttpHeaders headers) {
        long lastEventId = LastEventId.parse(headers.getHeaderString(LastEventId.HEADER));
        String jobId = uri.getPathParameters().getFirst("id");
        return store.find(currentTenant.get().id(), jobId)
                .onItem().ifNull().failWith(JobNotFoundException::new)
                .map(job -> job.isTerminal() && lastEventId >= job.seq() ? Response.noContent().build() : null);
    }
}
