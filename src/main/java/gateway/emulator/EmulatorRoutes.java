package gateway.emulator;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.netty.buffer.Unpooled;
import io.quarkus.runtime.LaunchMode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Serves the Apiframe v2 emulator on the application's own HTTP server when {@code gateway.emulator.enabled}.
 * Plain Vert.x Web routes rather than JAX-RS resources: they stay out of the gateway's OpenAPI document, and
 * whether they exist is decided by runtime configuration. Handlers run on the event loop and hand every blocking
 * step to {@link ImageWorkers}.
 */
@ApplicationScoped
class EmulatorRoutes {

    private static final Logger LOG = Logger.getLogger(EmulatorRoutes.class);
    private static final String API_KEY = "emulator.apiKey";
    private static final long MAX_JSON_BODY = 64 * 1024;

    private final EmulatorConfig config;
    private final UpscaleSubmissions submissions;
    private final ImageUploads uploads;
    private final EmulatedJobs jobs;
    private final ImageStore store;
    private final ApiframeRules rules;

    EmulatorRoutes(EmulatorConfig config, UpscaleSubmissions submissions, ImageUploads uploads, EmulatedJobs jobs,
            ImageStore store, ApiframeRules rules) {
        this.config = config;
        this.submissions = submissions;
        this.uploads = uploads;
        this.jobs = jobs;
        this.store = store;
        this.rules = rules;
    }

    void init(@Observes Router router) {
        if (!config.enabled()) {
            return;
        }
        if (LaunchMode.current() == LaunchMode.NORMAL) {
            LOG.warn("Apiframe emulator is ENABLED in production: no real upscaling, do not use with real traffic"
                    + " (set gateway.emulator.enabled=false). The gateway still calls quarkus.rest-client.apiframe.url,"
                    + " which must point at this server for the gateway to use the emulator");
        }
        // Authentication is a route of its own: Vert.x wants a body handler first on its route, and a wrong key
        // should be refused before a 25 MB body is read.
        router.post("/v2/images/upscale").handler(this::authenticate);
        router.post("/v2/images/upscale")
                .handler(BodyHandler.create(false).setBodyLimit(MAX_JSON_BODY))
                .handler(this::submit)
                .failureHandler(ctx -> failed(ctx, Reply.error(413, "Request body too large")));
        router.get("/v2/jobs/:id").handler(this::authenticate).handler(this::job);
        router.post("/v2/uploads").handler(this::authenticate);
        router.post("/v2/uploads")
                .handler(uploads.bodyHandler())
                .handler(this::upload)
                .failureHandler(ctx -> failed(ctx, ImageUploads.tooLarge()));
        router.get("/v2/me").handler(this::authenticate).handler(this::me);
        router.get(ImageFetcher.CDN_PATH + ":name").handler(this::cdn);
        // naming the rules' source compiles them now, not on the first request
        LOG.infof("Apiframe emulator serving /v2/images/upscale, /v2/jobs/:id, /v2/uploads, /v2/me and %s*, checking"
                + " requests against %s", ImageFetcher.CDN_PATH, rules.source());
    }

    private void authenticate(RoutingContext ctx) {
        String key = ctx.request().getHeader("X-API-Key");
        if (key == null || !config.apiKeys().contains(key)) {
            Reply.error(401, "Invalid or missing API key").send(ctx);
            return;
        }
        ctx.put(API_KEY, key);
        ctx.next();
    }

    private void submit(RoutingContext ctx) {
        Fault fault = Fault.roll(config.faultRate());
        if (fault == Fault.OUTAGE) {
            Reply.error(503, "Service temporarily unavailable").send(ctx);
            return;
        }
        if (fault == Fault.THROTTLED) {
            ctx.response().putHeader("Retry-After", "1");
            Reply.error(429, "Rate limit exceeded").send(ctx);
            return;
        }
        Buffer body = ctx.body().buffer();
        Uni<Reply> reply = submissions.submit(ctx.get(API_KEY), ctx.request().getHeader("Idempotency-Key"), body,
                cdnBase(ctx));
        if (fault == Fault.LOST_ANSWER) {
            // the job is created and charged, but the answer never arrives
            reply = reply.map(created -> created.status() == 202 ? Reply.error(503, "upstream connect error") : created);
        }
        send(ctx, reply);
    }

    private void job(RoutingContext ctx) {
        if (Fault.roll(config.faultRate()) != Fault.NONE) {
            Reply.error(503, "Service temporarily unavailable").send(ctx);
            return;
        }
        String id = ctx.pathParam("id");
        if (!rules.isJobId(id)) {
            Reply.error(400, "Invalid job id").send(ctx);
            return;
        }
        Instant now = Instant.now();
        Optional<EmulatedJob> job = jobs.find(UUID.fromString(id), ctx.get(API_KEY), now);
        if (job.isEmpty()) {
            Reply.error(404, "Job not found").send(ctx);
            return;
        }
        EmulatedJob found = job.get();
        boolean expired = store.get(found.resultName(), now).isEmpty();
        new Reply(200, found.toJson(jobs.stateOf(found, now), cdnBase(ctx) + found.resultName(), expired)).send(ctx);
    }

    private void upload(RoutingContext ctx) {
        send(ctx, uploads.accept(ctx.fileUploads(), cdnBase(ctx)));
    }

    /** Who the key belongs to: a fixed emulator team with credits to spare, ids derived from the key. */
    private void me(RoutingContext ctx) {
        String key = ctx.get(API_KEY);
        new Reply(200, new JsonObject()
                .put("user", new JsonObject().put("id", derivedId("user", key)).put("email", "emulator@apiframe.invalid")
                        .put("role", "OWNER"))
                .put("team", new JsonObject().put("id", derivedId("team", key)).put("name", "Apiframe emulator")
                        .put("credits", 1_000_000).put("plan", "emulator").put("customerId", null))
                .put("apiKey", new JsonObject().put("id", derivedId("key", key)).put("name", "emulator")
                        .put("prefix", key.substring(0, Math.min(8, key.length())))))
                .send(ctx);
    }

    private void cdn(RoutingContext ctx) {
        store.get(ctx.pathParam("name"), Instant.now()).ifPresentOrElse(
                // Wrapped, not copied: a result can be a hundred megabytes, too much to copy on the event loop.
                image -> ctx.response()
                        .putHeader("Content-Type", image.format().contentType())
                        .end(Buffer.buffer(Unpooled.wrappedBuffer(image.bytes()))),
                () -> Reply.error(404, "Not found").send(ctx));
    }

    private static void send(RoutingContext ctx, Uni<Reply> reply) {
        reply.subscribe().with(
                answer -> answer.send(ctx),
                failure -> {
                    if (failure instanceof RequestRejected rejected) {
                        rejected.reply().send(ctx);
                    } else {
                        ctx.fail(failure);
                    }
                });
    }

    /** A body over its limit is the only expected failure; anything else is the emulator's own fault. */
    private static void failed(RoutingContext ctx, Reply bodyTooLarge) {
        if (ctx.statusCode() == 413) {
            bodyTooLarge.send(ctx);
            return;
        }
        LOG.error("Apiframe emulator failed on " + ctx.request().path(), ctx.failure());
        Reply.error(500, "Internal server error").send(ctx);
    }

    /** scheme://host[:port]/emulator/cdn/ as the caller reached this server, so the URLs work on any port. */
    private static String cdnBase(RoutingContext ctx) {
        return URI.create(ctx.request().absoluteURI()).resolve(ImageFetcher.CDN_PATH).toString();
    }

    private static String derivedId(String kind, String key) {
        return UUID.nameUUIDFromBytes((kind + ":" + key).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
