package gateway.api;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The tenant API's routes, read once from {@link UpscaleResource}'s annotations, for what must be known of a request
 * before routing: the methods its path allows, for the {@code Allow} header of a 405 (RFC 9110 §15.5.6) and of an
 * {@code OPTIONS} answer (exactly what routing accepts: HEAD with GET, and OPTIONS), and whether it submits a job
 * (an endpoint marked {@link SubmitsJob}).
 */
@ApplicationScoped
public class TenantRoutes {

    // one entry per route template of the resource: a handful, fixed at startup
    private final List<Route> routes;

    TenantRoutes() {
        Map<String, Set<String>> byTemplate = new TreeMap<>();
        Map<String, Set<String>> submittingByTemplate = new TreeMap<>();
        String base = UpscaleResource.class.getAnnotation(Path.class).value();
        for (Method method : UpscaleResource.class.getDeclaredMethods()) {
            String httpMethod = httpMethod(method);
            if (httpMethod == null) {
                continue;
            }
            Path path = method.getAnnotation(Path.class);
            String template = base + (path == null ? "" : path.value());
            Set<String> methods = byTemplate.computeIfAbsent(template, t -> new TreeSet<>(Set.of(HttpMethod.OPTIONS)));
            methods.add(httpMethod);
            if (httpMethod.equals(HttpMethod.GET)) {
                methods.add(HttpMethod.HEAD);
            }
            if (method.isAnnotationPresent(SubmitsJob.class)) {
                submittingByTemplate.computeIfAbsent(template, t -> new TreeSet<>()).add(httpMethod);
            }
        }
        routes = byTemplate.entrySet().stream().map(route -> new Route(
                Pattern.compile(route.getKey().replaceAll("\\{[^/]+}", "[^/]+") + "/?"),
                String.join(", ", route.getValue()),
                Set.copyOf(submittingByTemplate.getOrDefault(route.getKey(), Set.of())))).toList();
    }

    /**
     * Answers {@code OPTIONS} on a route of the tenant API with its own methods; the framework would list every
     * method of the resource class, whatever the path.
     */
    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION + 20)
    public Optional<RestResponse<Void>> answerOptions(ContainerRequestContext request) {
        String allow = HttpMethod.OPTIONS.equals(request.getMethod()) ? allowedOn(request.getUriInfo().getPath())
                : null;
        return allow == null ? Optional.empty()
                : Optional.of(RestResponse.ResponseBuilder.<Void> ok().header(HttpHeaders.ALLOW, allow).build());
    }

    /** The methods allowed on the path, or null when no route of the tenant API matches it. */
    public String allowedOn(String path) {
        return route(path).map(Route::allow).orElse(null);
    }

    /** Whether the request is for an endpoint marked {@link SubmitsJob}, as routing will find. */
    public boolean submitsJob(ContainerRequestContext request) {
        return route(request.getUriInfo().getPath()).map(route -> route.submitting().contains(request.getMethod()))
                .orElse(false);
    }

    private Optional<Route> route(String path) {
        return routes.stream().filter(route -> route.pattern().matcher(path).matches()).findFirst();
    }

    private static String httpMethod(Method method) {
        for (var annotation : method.getAnnotations()) {
            HttpMethod httpMethod = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (httpMethod != null) {
                return httpMethod.value();
            }
        }
        return null;
    }

    private record Route(Pattern pattern, String allow, Set<String> submitting) {
    }
}
