package gateway.api;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import gateway.config.GatewayConfig;

/**
 * Refuses an over-limit body by its declared {@code Content-Length}, before a byte of it is read. Bodies sent
 * without a length are capped by {@code quarkus.http.limits.max-body-size} and checked again once read.
 */
public class BodyLimitFilter {

    /** Room for the multipart boundaries and the text fields beside the file. */
    static final long MULTIPART_OVERHEAD = 64 * 1024;

    private final long maxJsonBody;
    private final long maxMultipartBody;

    BodyLimitFilter(GatewayConfig config) {
        this.maxJsonBody = config.limits().maxJsonBody().asLongValue();
        this.maxMultipartBody = config.limits().maxFileSize().asLongValue() + MULTIPART_OVERHEAD;
    }

    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION + 10)
    public void checkDeclaredLength(ContainerRequestContext request) {
        String declared = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (declared == null || !TenantAuthenticationFilter.isTenantPath(request.getUriInfo().getPath())) {
            return;
        }
        long length;
        try {
            length = Long.parseLong(declared.strip());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("Content-Length", "must be a number");
        }
        long limit = isMultipart(request.getMediaType()) ? maxMultipartBody : maxJsonBody;
        if (length > limit) {
            throw new PayloadTooLargeException("The body is " + length + " bytes; the limit is " + limit);
        }
    }

    static boolean isMultipart(MediaType type) {
        return type != null && type.isCompatible(MediaType.MULTIPART_FORM_DATA_TYPE);
    }
}
