package gateway.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;

/**
 * The first step of a shutdown (SIGTERM): new submissions are refused with a 503 while those already running
 * finish within {@code quarkus.shutdown.timeout}, and open event streams end with a {@code retry:} hint so their
 * clients reconnect, to another replica when there is one. Readiness goes down at the same moment (Quarkus).
 */
@ApplicationScoped
public class GracefulShutdown {

    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);

    private final JobEventStream eventStream;
    private final TenantRoutes routes;
    private volatile boolean draining;

    GracefulShutdown(JobEventStream eventStream, TenantRoutes routes) {
        this.eventStream = eventStream;
        this.routes = routes;
    }

    void onShutdownStarting(@Observes ShutdownDelayInitiatedEvent event) {
        drain();
    }

    /** Stops taking submissions and sends every open stream away. */
    public void drain() {
        draining = true;
        int streams = eventStream.closeAll();
        LOG.infof("Shutting down: refusing new submissions, asked %d open streams to reconnect", streams);
    }

    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION + 3)
    public void refuseSubmissionsWhileDraining(ContainerRequestContext request) {
        if (draining && routes.submitsJob(request)) {
            throw new ShuttingDownException();
        }
    }
}
