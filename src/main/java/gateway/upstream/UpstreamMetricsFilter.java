package gateway.upstream;

import java.time.Duration;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.client.ClientResponseContext;

import org.jboss.resteasy.reactive.client.impl.PreservesThreadClientResponseFilter;

import gateway.metrics.GatewayMetrics;
import io.quarkus.arc.Arc;

/**
 * Counts and times every answered call to Apiframe by operation and HTTP status; only paths, never headers. Runs
 * where the answer arrives, on the event loop: it only records a meter, so it needs no hop to a worker thread.
 */
class UpstreamMetricsFilter implements ClientRequestFilter, PreservesThreadClientResponseFilter {

    private static final String STARTED = UpstreamMetricsFilter.class.getName() + ".started";

    @Override
    public void filter(ClientRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @Override
    public void filter(ClientRequestContext request, ClientResponseContext response) {
        if (response.getStatus() == 0) {
            return; // the client also runs this filter when no answer came: ApiframeClient counts that by its kind
        }
        Object started = request.getProperty(STARTED);
        Duration latency = started instanceof Long nanos ? Duration.ofNanos(System.nanoTime() - nanos) : Duration.ZERO;
        metrics().upstreamRequest(operation(request.getUri().getPath()), Integer.toString(response.getStatus()),
                latency);
    }

    static String operation(String path) {
        if (path.endsWith("/images/upscale")) {
            return "submit";
        }
        return path.endsWith("/uploads") ? "upload" : "poll";
    }

    private static GatewayMetrics metrics() {
        return Arc.container().instance(GatewayMetrics.class).get();
    }
}
