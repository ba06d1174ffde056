package gateway.api;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.jboss.resteasy.reactive.ResponseHeader;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

import gateway.GatewayConfig;
import gateway.api.UpscaleRequestReader.UpscaleRequest;
import gateway.job.Job;
import gateway.job.JobCursor;
import gateway.job.JobStatus;
import gateway.job.JobStore;
import gateway.job.JobSubmitter;
import gateway.job.JobSubmitter.UploadedImage;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** The tenant-facing API (CONTRACT §2-4): submit an upscale, read it, list them, follow one's progress. */
@Path("/v1/upscales")
@Produces(MediaType.APPLICATION_JSON)
public class UpscaleResource {

    private static final int DEFAULT_PAGE_SIZE = 20;
    private static final int MAX_PAGE_SIZE = 100;

    private final CurrentTenant currentTenant;
    private final UpscaleRequestReader reader;
    private final JobSubmitter submitter;
    private final JobStore store;
    private final JobEventStream eventStream;
    private final UploadedImageInspector inspector;
    private final long maxJsonBody;

    UpscaleResource(CurrentTenant currentTenant, UpscaleRequestReader reader, JobSubmitter submitter,
            JobStore store, JobEventStream eventStream, UploadedImageInspector inspector, GatewayConfig config) {
        this.currentTenant = currentTenant;
        this.reader = reader;
        this.submitter = submitter;
        this.store = store;
        this.eventStream = eventStream;
        this.inspector = inspector;
        this.maxJsonBody = config.limits().maxJsonBody().asLongValue();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<JobResponse>> submitJson(byte[] body) {
        if (body.length > maxJsonBody) {
            throw new PayloadTooLargeException("The body is larger than " + maxJsonBody + " bytes");
        }
        UpscaleRequest request = reader.readJson(body);
        return submitter.submit(currentTenant.get(), request.parameters(), request.metadata())
                .map(UpscaleResource::accepted);
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking // sniffing the uploaded file's first bytes reads the disk; the upstream calls stay non-blocking
    public Uni<RestResponse<JobResponse>> submitMultipart(MultipartFormDataInput form) {
        Map<String, String> fields = new HashMap<>();
        FormValue file = null;
        for (Map.Entry<String, Collection<FormValue>> part : form.getValues().entrySet()) {
            String name = part.getKey();
            if (part.getValue().size() > 1) {
                throw new InvalidRequestException(name, "must be sent once");
            }
            for (FormValue value : part.getValue()) {
                if (value.isFileItem() != name.equals("file")) {
                    throw new InvalidRequestException(name, value.isFileItem() ? "must be a form field, not a file"
                            : "must be a file part");
                }
                if (value.isFileItem()) {
                    file = value;
                } else {
                    fields.put(name, value.getValue());
                }
            }
        }
        if (file == null) {
            throw new InvalidRequestException("file", "is required: a PNG, JPEG or WebP image");
        }
        UpscaleRequest request = reader.readForm(fields);
        UploadedImage image = inspector.inspect(file);
        return submitter.submitWithUpload(currentTenant.get(), image, request.parameters(), request.metadata())
                .map(UpscaleResource::accepted);
    }

    @GET
    @Path("/{id}")
    public Uni<JobResponse> get(@RestPath String id) {
        return store.find(currentTenant.get().id(), id)
                .onItem().ifNull().failWith(JobNotFoundException::new)
                .map(JobResponse::of);
    }

    @GET
    public Uni<JobListResponse> list(@RestQuery String status, @RestQuery String limit, @RestQuery String cursor) {
        JobStatus wanted = status == null ? null : JobStatus.fromWireName(status);
        if (status != null && wanted == null) {
            throw new InvalidRequestException("status", "must be queued, processing, completed or failed");
        }
        int pageSize = pageSize(limit);
        JobCursor after = null;
        if (cursor != null) {
            try {
                after = JobCursor.decode(cursor);
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("cursor", "is not a cursor this API returned");
            }
        }
        return store.list(currentTenant.get().id(), wanted, pageSize, after)
                .map(page -> new JobListResponse(page.items().stream().map(JobResponse::of).toList(),
                        page.next() == null ? null : page.next().encode()));
    }

    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @ResponseHeader(name = HttpHeaders.CACHE_CONTROL, value = "no-cache")
    @ResponseHeader(name = "X-Accel-Buffering", value = "no")
    @ExistingJob
    public Multi<OutboundSseEvent> events(@RestPath String id, @RestHeader(LastEventId.HEADER) String lastEventId,
            @Context Sse sse) {
        return eventStream.events(sse, currentTenant.get().id(), id, LastEventId.parse(lastEventId));
    }

    private static int pageSize(String limit) {
        if (limit == null) {
            return DEFAULT_PAGE_SIZE;
        }
        try {
            int value = Integer.parseInt(limit.strip());
            if (value >= 1 && value <= MAX_PAGE_SIZE) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the 400 below
        }
        throw new InvalidRequestException("limit", "must be an integer between 1 and " + MAX_PAGE_SIZE);
    }

    private static RestResponse<JobResponse> accepted(Job job) {
        return RestResponse.ResponseBuilder.create(RestResponse.Status.ACCEPTED, JobResponse.of(job))
                .header(HttpHeaders.LOCATION, "/v1/upscales/" + job.id())
                .build();
    }
}
