package gateway.api;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers failures of the HTTP layer itself (a request without {@code Host}, a failure after Quarkus REST gave up on
 * a request), which never reach {@link ProblemMapper}, with a problem instead of Quarkus's own JSON error page.
 * Runs just before that page's handler, after the emulator's own route failure handlers.
 */
@Singleton
public class FrameworkFailureHandler {

    private static final Logger LOG = Logger.getLogger(FrameworkFailureHandler.class);

    private final EdgeProblems problems;

    FrameworkFailureHandler(EdgeProblems problems) {
        this.problems = problems;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MAX_VALUE - 1).failureHandler(this::handle);
    }

    private void handle(RoutingContext context) {
        HttpServerResponse response = context.response();
        int status = context.statusCode() < 400 ? 500 : context.statusCode();
        if (response.ended() || response.closed()) {
            // answered already (a bare 413 from Quarkus REST's body reader), or the connection is gone: the caller
            // hung up or sent bytes the HTTP decoder refused, and there is no one left to tell
            LOG.debugf("Failure after the answer to %s: %s", context.request().path(), context.failure());
            return;
        }
        if (status >= 500) {
            LOG.error("Unexpected failure while serving " + context.request().path(), context.failure());
        } else {
            LOG.debugf("Refused a request to %s: %d %s", context.request().path(), status, context.failure());
        }
        if (response.headWritten()) {
            response.close(); // a response already under way cannot become a problem any more; cut it short
            return;
        }
        Problem problem = Problem.forStatus(status);
        if (status == 413) {
            problems.sendAndHangUp(response, problem); // the rest of the body is still coming: stop reading it
        } else {
            problems.send(response, problem);
        }
    }
}
