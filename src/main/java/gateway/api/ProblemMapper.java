package gateway.api;

import java.time.Duration;
import java.util.List;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import gateway.job.IdempotencyKeyInProgressException;
import gateway.job.IdempotencyKeyReusedException;
import gateway.job.StoreFullException;
import gateway.job.TooManyInFlightException;
import gateway.store.StoreUnavailableException;
import gateway.upstream.ImageRejectedException;
import gateway.upstream.InsufficientCreditsException;
import gateway.upstream.UpstreamAuthenticationException;
import gateway.upstream.UpstreamException;
import gateway.upstream.UpstreamTimeoutException;
import gateway.upstream.UpstreamUnavailableException;
import io.smallrye.mutiny.CompositeException;

/**
 * The one place errors become responses: every failure leaves as a {@link Problem} ({@code application/problem+json}
 * with a machine {@code code}), never as a stack trace and never with an upstream key in it. It builds answers and
 * nothing else: what a refusal counts for is counted where it is decided.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

    private final CurrentTenant currentTenant;
    private final TenantRoutes routes;

    ProblemMapper(CurrentTenant currentTenant, TenantRoutes routes) {
        this.currentTenant = currentTenant;
        this.routes = routes;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response.ResponseBuilder response = problemResponse(e.status(), e.code(), e.title(), e.getMessage(),
                e.fieldErrors());
        if (e.status() == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        if (e.retryAfter() != null) {
            response.header(HttpHeaders.RETRY_AFTER, wholeSeconds(e.retryAfter()));
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response tooManyInFlight(TooManyInFlightException e) {
        return problemResponse(429, "too_many_in_flight", "Too many jobs in flight", e.getMessage(), null)
                .header(HttpHeaders.RETRY_AFTER, wholeSeconds(e.retryAfter())).build();
    }

    @ServerExceptionMapper
    public Response idempotencyInProgress(IdempotencyKeyInProgressException e) {
        return problemResponse(409, "idempotency_in_progress", "Idempotency key in progress", e.getMessage(), null)
                .header(HttpHeaders.RETRY_AFTER, "1").build();
    }

    @ServerExceptionMapper
    public Response idempotencyKeyReused(IdempotencyKeyReusedException e) {
        return problemResponse(422, "idempotency_key_reused", "Idempotency key reused", e.getMessage(), null).build();
    }

    @ServerExceptionMapper
    public Response storeFull(StoreFullException e) {
        LOG.warnf("Refusing a submission of tenant %s: %s", currentTenant.id(), e.getMessage());
        return problemResponse(503, "store_full", "Store full",
                "The gateway holds as many jobs in flight as its memory allows; try again shortly", null)
                .header(HttpHeaders.RETRY_AFTER, wholeSeconds(e.retryAfter())).build();
    }

    @ServerExceptionMapper
    public Response storeUnavailable(StoreUnavailableException e) {
        LOG.errorf("Refusing a request of tenant %s: %s", currentTenant.id(), e.getMessage());
        return problemResponse(503, "store_unavailable", "Store unavailable",
                "The gateway cannot reach its shared store right now; try again shortly", null)
                .header(HttpHeaders.RETRY_AFTER, wholeSeconds(DEFAULT_RETRY_AFTER)).build();
    }

    /** A failure whose cleanup failed too: the store's failure, if it is among them, is the answer. */
    @ServerExceptionMapper
    public Response composite(CompositeException e) {
        StoreUnavailableException store = storeFailureIn(e);
        return store != null ? storeUnavailable(store) : internalError(e).build();
    }

    @ServerExceptionMapper
    public Response upstream(UpstreamException e) {
        if (e instanceof ImageRejectedException) {
            return problemResponse(422, "image_rejected", "Image rejected", e.getMessage(), null).build();
        }
        if (e instanceof InsufficientCreditsException) {
            return problemResponse(402, "insufficient_credits", "Insufficient credits",
                    "The Apiframe account behind this tenant has run out of credits", null).build();
        }
        if (e instanceof UpstreamUnavailableException unavailable) {
            LOG.warnf("Submission for tenant %s failed: %s", currentTenant.id(), e.getMessage());
            return problemResponse(503, "upstream_unavailable", "Upstream unavailable",
                    "Apiframe is unavailable right now; try again later", null)
                    .header(HttpHeaders.RETRY_AFTER, wholeSeconds(unavailable.retryAfter().orElse(DEFAULT_RETRY_AFTER)))
                    .build();
        }
        if (e instanceof UpstreamTimeoutException) {
            LOG.warnf("Submission for tenant %s failed: %s", currentTenant.id(), e.getMessage());
            return problemResponse(504, "upstream_timeout", "Upstream timeout",
                    "Apiframe did not answer within the submission deadline", null)
                    .header(HttpHeaders.RETRY_AFTER, wholeSeconds(DEFAULT_RETRY_AFTER))
                    .build();
        }
        if (e instanceof UpstreamAuthenticationException) {
            LOG.errorf("Apiframe refused the API key configured for tenant %s: fix gateway.tenants.%s.apiframe-key",
                    currentTenant.id(), currentTenant.id());
        } else {
            LOG.warnf("Apiframe broke its contract for tenant %s: %s", currentTenant.id(), e.getMessage());
        }
        return problemResponse(502, "upstream_error", "Upstream error",
                "Apiframe answered in a way the gateway cannot use", null).build();
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        Response.ResponseBuilder response = status < 500 ? problemResponse(Problem.forStatus(status)) : internalError(e);
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        if (allow == null && status == 405) {
            allow = routes.allowedOn(uri.getPath()); // routing's 405 names no methods itself
        }
        if (allow != null) {
            response.header(HttpHeaders.ALLOW, allow);
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpHeaders headers) {
        return MalformedMultipart.of(e, headers).map(this::problem).orElseGet(() -> internalError(e).build());
    }

    private Response.ResponseBuilder internalError(Throwable e) {
        LOG.error("Unexpected failure while serving a request", e);
        return problemResponse(500, "internal_error", "Internal error", "The gateway failed unexpectedly", null);
    }

    private Response.ResponseBuilder problemResponse(int status, String code, String title, String detail,
            List<FieldError> errors) {
        return problemResponse(Problem.of(status, code, title, detail, errors));
    }

    private Response.ResponseBuilder problemResponse(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }

    private static StoreUnavailableException storeFailureIn(Throwable failure) {
        if (failure instanceof StoreUnavailableException store) {
            return store;
        }
        List<Throwable> inner = failure instanceof CompositeException composite ? composite.getCauses()
                : failure.getCause() == null ? List.of() : List.of(failure.getCause());
        return inner.stream().map(ProblemMapper::storeFailureIn).filter(found -> found != null).findFirst()
                .orElse(null);
    }

    private static String wholeSeconds(Duration duration) {
        long seconds = (duration.toMillis() + 999) / 1000;
        return Long.toString(Math.max(1, seconds));
    }
}
