package gateway.api;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.ResponseHeader;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import gateway.api.UpscaleRequestReader.UpscaleRequest;
import gateway.config.GatewayConfig;
import gateway.job.Job;
import gateway.job.JobCallback;
import gateway.job.JobCursor;
import gateway.job.JobFeeds;
import gateway.job.JobStatus;
import gateway.job.JobStore;
import gateway.job.JobSubmitter;
import gateway.job.Submission;
import gateway.job.SubmissionRequest;
import gateway.job.SubmissionRequest.UploadedImage;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;

/** The tenant-facing API (contract.md, "Routes"): submit an upscale, read it, list them, follow one's progress. */
@Path("/v1/upscales")
@Tag(name = "Upscales")
@SecurityScheme(securitySchemeName = "tenantKey", type = SecuritySchemeType.HTTP, scheme = "bearer")
@SecurityRequirement(name = "tenantKey")
@APIResponse(responseCode = "401", description = "missing or unknown tenant key", content = @Content(
        mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "400", description = "invalid request: every offending field is listed",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "406", description = "not_acceptable: Accept admits nothing this route answers with")
@APIResponse(responseCode = "429", description = "rate_limited, with Retry-After")
@APIResponse(responseCode = "503", description = "store_unavailable (gateway.store=redis), with Retry-After")
@Produces(MediaType.APPLICATION_JSON)
public class UpscaleResource {

    private static final int DEFAULT_PAGE_SIZE = 20;
    private static final int MAX_PAGE_SIZE = 100;

    private final CurrentTenant currentTenant;
    private final UpscaleRequestReader reader;
    private final JobSubmitter submitter;
    private final JobStore store;
    private final JobFeeds feeds;
    private final JobEventStream eventStream;
    private final UploadedImageInspector inspector;
    private final SubmissionCallback callback;
    private final long maxJsonBody;

    UpscaleResource(CurrentTenant currentTenant, UpscaleRequestReader reader, JobSubmitter submitter,
            JobStore store, JobFeeds feeds, JobEventStream eventStream, UploadedImageInspector inspector,
            SubmissionCallback callback, GatewayConfig config) {
        this.feeds = feeds;
        this.callback = callback;
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
    @Operation(summary = "Submit an upscale job for an image URL")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = UpscaleRequestSchema.NAME)))
    @APIResponse(responseCode = "202", description = "Apiframe accepted the job; Location names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = JobResponse.class)))
    @APIResponse(responseCode = "200", description = "with Prefer: wait=N, the job ended within N seconds",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = JobResponse.class)))
    @APIResponse(responseCode = "402", description = "insufficient_credits")
    @APIResponse(responseCode = "409", description = "idempotency_in_progress, with Retry-After")
    @APIResponse(responseCode = "413", description = "payload_too_large")
    @APIResponse(responseCode = "415", description = "unsupported_media_type")
    @APIResponse(responseCode = "422", description = "image_rejected: Apiframe refused the input image; "
            + "idempotency_key_reused: the same Idempotency-Key with a different request")
    @APIResponse(responseCode = "429", description = "rate_limited or too_many_in_flight, with Retry-After")
    @APIResponse(responseCode = "502", description = "upstream_error")
    @APIResponse(responseCode = "503", description = "upstream_unavailable, store_full, store_unavailable or "
            + "shutting_down, with Retry-After")
    @APIResponse(responseCode = "504", description = "upstream_timeout, with Retry-After")
    @AnswersWithJson
    @SubmitsJob
    public Uni<RestResponse<JobResponse>> submitJson(byte[] body, @Context HttpHeaders requestHeaders) {
        SubmissionHeaders headers = SubmissionHeaders.parse(requestHeaders);
        if (body.length > maxJsonBody) {
            throw new PayloadTooLargeException("The body is larger than " + maxJsonBody + " bytes");
        }
        UpscaleRequest request = reader.readJson(body);
        return submit(new SubmissionRequest(request.parameters(), request.metadata(), null,
                headers.idempotencyKey(), callback.of(currentTenant.get().id(), request)), headers);
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Submit an upscale job for an uploaded image (file part: PNG, JPEG or WebP, at most 25 MB)")
    @APIResponse(responseCode = "202", description = "Apiframe accepted the job; Location names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = JobResponse.class)))
    @Blocking // sniffing the uploaded file's first bytes reads the disk; the upstream calls stay non-blocking
    @AnswersWithJson
    @SubmitsJob
    public Uni<RestResponse<JobResponse>> submitMultipart(MultipartFormDataInput form,
            @Context HttpHeaders requestHeaders) {
        SubmissionHeaders headers = SubmissionHeaders.parse(requestHeaders);
        Map<String, String> fields = new HashMap<>();
        FormValue file = null;
        for (Map.Entry<String, Collection<FormValue>> part : form.getValues().entrySet()) {
            String name = part.getKey();
            if (name == null) {
                throw new InvalidRequestException("body",
                        "every part needs a 'Content-Disposition: form-data' header with a name");
            }
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
        JobCallback jobCallback = callback.of(currentTenant.get().id(), request);
        UploadedImage image = inspector.inspect(file);
        return submit(new SubmissionRequest(request.parameters(), request.metadata(), image,
                headers.idempotencyKey(), jobCallback), headers);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read one of your jobs")
    @AnswersWithJson
    @APIResponse(responseCode = "200", description = "the job as it is now", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobResponse.class)))
    @APIResponse(responseCode = "404", description = "unknown job, or another tenant's")
    public Uni<JobResponse> get(@RestPath String id) {
        return store.find(currentTenant.get().id(), id)
                .onItem().ifNull().failWith(JobNotFoundException::new)
                .map(JobResponse::of);
    }

    @GET
    @Operation(summary = "List your jobs, newest first")
    @Parameter(name = "status", in = ParameterIn.QUERY, description = "queued, processing, completed or failed")
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "page size, 1 to 100 (default 20)")
    @Parameter(name = "cursor", in = ParameterIn.QUERY, description = "a previous page's nextCursor")
    @AnswersWithJson
    @APIResponse(responseCode = "200", description = "a page of your jobs", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobListResponse.class)))
    public Uni<JobListResponse> list(@Context UriInfo uri) {
        // read from the query itself: a @RestQuery parameter reads an empty value as absent, and keeps only the
        // first of two
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        String status = single(query, "status");
        String limit = single(query, "limit");
        String cursor = single(query, "cursor");
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
    @Operation(summary = "Follow a job's progress as server-sent events until it is completed or failed")
    @APIResponse(responseCode = "200", description = "the job's events, ending after the terminal one",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "204", description = "Last-Event-ID is the terminal event's id or later: nothing "
            + "more will come, do not reconnect")
    @APIResponse(responseCode = "404", description = "unknown job, or another tenant's; sent before any event")
    @APIResponse(responseCode = "503", description = "too_many_streams, with Retry-After: reconnect elsewhere; "
            + "store_unavailable")
    @NonBlocking // the stream is written from the request's event loop, never from a worker thread
    public StreamRequest events(@RestPath String id, @RestHeader(LastEventId.HEADER) String lastEventId) {
        return eventStream.admit(currentTenant.get().id(), id, LastEventId.parse(lastEventId));
    }

    private static String single(MultivaluedMap<String, String> query, String name) {
        List<String> values = query.get(name);
        if (values != null && values.size() > 1) {
            throw new InvalidRequestException(name, "must be given once");
        }
        return values == null ? null : values.get(0);
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

    /** Submits, waits if the client prefers to, and answers 200 for a terminal job after a wait, else 202. */
    private Uni<RestResponse<JobResponse>> submit(SubmissionRequest request, SubmissionHeaders headers) {
        String tenantId = currentTenant.get().id();
        Integer wait = headers.waitSeconds();
        return submitter.submit(currentTenant.get(), request)
                .chain(submission -> wait == null || submission.job().isTerminal() ? Uni.createFrom().item(submission)
                        : feeds.awaitTerminal(tenantId, submission.job().id(), Duration.ofSeconds(wait))
                                .map(job -> new Submission(job == null ? submission.job() : job, submission.replayed())))
                .map(submission -> response(submission, wait));
    }

    private static RestResponse<JobResponse> response(Submission submission, Integer wait) {
        Job job = submission.job();
        RestResponse.Status status = wait != null && job.isTerminal() ? RestResponse.Status.OK
                : RestResponse.Status.ACCEPTED;
        RestResponse.ResponseBuilder<JobResponse> response = RestResponse.ResponseBuilder
                .create(status, JobResponse.of(job))
                .header(HttpHeaders.LOCATION, "/v1/upscales/" + job.id());
        if (submission.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        if (wait != null) {
            response.header("Preference-Applied", "wait=" + wait);
        }
        return response.build();
    }
}
