package gateway.upstream;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;

/**
 * Apiframe v2, exactly as far as the gateway uses it. Package-private: everything else goes through
 * {@link ApiframeClient}. The base URL is {@code quarkus.rest-client.apiframe.url}, whether Apiframe or the emulator.
 */
@RegisterRestClient(configKey = "apiframe")
@RegisterProvider(UpstreamMetricsFilter.class)
@RegisterProvider(UpscaleSubmissionWriter.class)
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
interface ApiframeApi {

    @POST
    @Path("/images/upscale")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<JobAccepted> submit(@HeaderParam("X-API-Key") String apiKey,
            @HeaderParam("Idempotency-Key") String idempotencyKey, UpscaleSubmission submission);

    @GET
    @Path("/jobs/{id}")
    Uni<UpstreamJob> job(@HeaderParam("X-API-Key") String apiKey, @PathParam("id") String id);

    @POST
    @Path("/uploads")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    Uni<UploadedFile> upload(@HeaderParam("X-API-Key") String apiKey, ClientMultipartForm form);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return UpstreamErrorClassifier.classify(response);
    }
}
