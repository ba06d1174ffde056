package gateway.api;

import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import gateway.config.GatewayConfig;
import gateway.job.UnreadableJobException;
import gateway.job.WebhookOutcome;
import gateway.job.WebhookReceiver;
import gateway.job.WebhookUrls;
import gateway.metrics.GatewayMetrics;
import gateway.store.StoreUnavailableException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * {@code POST /webhooks/apiframe/{tenant}/{job}}: where Apiframe posts a job's webhooks, on the main port, with no
 * tenant key (its signature is the proof). A Vert.x route of its own, outside {@code /v1} and Quarkus REST, so none
 * of the tenant API's filters apply: it takes JSON only, reads at most {@code gateway.limits.max-json-body} of it,
 * and answers a verified webhook {@code 204} whether or not it moved the job (so Apiframe stops sending it). Every
 * refusal is a problem with its status and code alone, and one WARN line that names neither a key nor the body.
 */
@Singleton
public class ApiframeWebhookRoute {

    private static final Logger LOG = Logger.getLogger(ApiframeWebhookRoute.class);
    private static final String SIGNATURE = "X-Webhook-Signature";
    // path segments are the caller's to choose: only what could be a tenant or job id goes into a log line
    private static final Pattern LOGGABLE_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final String RETRY_AFTER_SECONDS = "5";

    private final WebhookReceiver receiver;
    private final EdgeProblems problems;
    private final GatewayMetrics metrics;
    private final long maxBody;

    ApiframeWebhookRoute(WebhookReceiver receiver, EdgeProblems problems, GatewayMetrics metrics,
            GatewayConfig config) {
        this.receiver = receiver;
        this.problems = problems;
        this.metrics = metrics;
        this.maxBody = config.limits().maxJsonBody().asLongValue();
    }

    void install(@Observes Router router) {
        String path = WebhookUrls.PATH + "/:tenant/:job";
        // its own route, as Vert.x wants a body handler first on its route: a wrong type is refused unread
        router.post(path).handler(this::requireJson);
        router.post(path)
                .handler(BodyHandler.create(false).setBodyLimit(maxBody))
                .handler(this::receive)
                .failureHandler(this::failed);
    }

    private void requireJson(RoutingContext context) {
        String type = context.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (type == null || !type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT).equals("application/json")) {
            refuse(context, "not_json", Problem.terse(415, "unsupported_media_type"), true);
            return;
        }
        context.next();
    }

    private void receive(RoutingContext context) {
        String tenantId = context.pathParam("tenant");
        String jobId = context.pathParam("job");
        receiver.receive(tenantId, jobId, context.body().buffer().getBytes(), context.request().getHeader(SIGNATURE))
                .subscribe().with(outcome -> answer(context, outcome), failure -> failedToApply(context, failure));
    }

    private void answer(RoutingContext context, WebhookOutcome outcome) {
        if (outcome.isVerified()) {
            metrics.webhookReceived(outcome.label());
            LOG.debugf("Apiframe webhook for job %s of tenant %s: %s", context.pathParam("job"),
                    context.pathParam("tenant"), outcome.label());
            if (!context.response().closed()) {
                context.response().setStatusCode(204).end();
            }
            return;
        }
        Problem problem = outcome == WebhookOutcome.MALFORMED ? Problem.terse(400, "invalid_webhook")
                : Problem.terse(401, "unverified_webhook");
        refuse(context, outcome.label(), problem, false);
    }

    /** The store could not take the change: Apiframe retries a 503 later; anything else is the gateway's fault. */
    private void failedToApply(RoutingContext context, Throwable failure) {
        if (failure instanceof StoreUnavailableException) {
            metrics.webhookReceived("unavailable");
            LOG.warnf("Could not apply an Apiframe webhook for job %s of tenant %s: %s", loggable(context, "job"),
                    loggable(context, "tenant"), failure.getMessage());
            context.response().putHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
            send(context, Problem.terse(503, "store_unavailable"), false);
            return;
        }
        metrics.webhookReceived("error");
        if (failure instanceof UnreadableJobException) {
            LOG.errorf("Could not apply an Apiframe webhook: %s", failure.getMessage());
        } else {
            LOG.error("Unexpected failure while applying an Apiframe webhook", failure);
        }
        send(context, Problem.terse(500, "internal_error"), false);
    }

    /** A body over the limit (declared, or once that much has arrived) is the only failure the body handler has. */
    private void failed(RoutingContext context) {
        if (context.statusCode() == 413) {
            refuse(context, "too_large", Problem.terse(413, "payload_too_large"), true);
        } else {
            context.next();
        }
    }

    private void refuse(RoutingContext context, String outcome, Problem problem, boolean bodyMayFollow) {
        metrics.webhookReceived(outcome);
        LOG.warnf("Refused an Apiframe webhook for job %s of tenant %s: %s", loggable(context, "job"),
                loggable(context, "tenant"), outcome);
        send(context, problem, bodyMayFollow);
    }

    /** A refusal made before the body was read closes the connection: the rest of it is never read. */
    private void send(RoutingContext context, Problem problem, boolean bodyMayFollow) {
        if (context.response().closed() || context.response().headWritten()) {
            return;
        }
        if (bodyMayFollow) {
            problems.sendAndHangUp(context.response(), problem);
        } else {
            problems.send(context.response(), problem);
        }
    }

    private static String loggable(RoutingContext context, String parameter) {
        String value = context.pathParam(parameter);
        return value != null && LOGGABLE_ID.matcher(value).matches() ? value : "<malformed>";
    }
}
