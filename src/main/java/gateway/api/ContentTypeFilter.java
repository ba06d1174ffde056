package gateway.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a {@code Content-Type} that does not parse, or a multipart one without a usable boundary, as a 400
 * before routing or body parsing reads it (both would fail on it with a 500). A well-formed type the API does not
 * take is left to routing: 415.
 */
public class ContentTypeFilter {

    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    private static final String QUOTED = "\"(?:[\\t \\x21\\x23-\\x5B\\x5D-\\x7E\\x80-\\xFF]|\\\\[\\t\\x20-\\x7E\\x80-\\xFF])*\"";
    /** RFC 9110 §8.3.1: type/subtype, then parameters that each have a value (a token or a quoted string). */
    private static final Pattern MEDIA_TYPE = Pattern.compile(TOKEN + "/" + TOKEN
            + "(?:[ \\t]*;[ \\t]*(?:" + TOKEN + "=(?:" + TOKEN + "|" + QUOTED + "))?)*[ \\t]*");
    private static final Pattern BOUNDARY_PARAMETER = Pattern.compile("(?i);[ \\t]*boundary=(" + TOKEN + "|" + QUOTED
            + ")");
    /** RFC 2046 §5.1.1: 1 to 70 characters of a small set, not ending in a space. */
    private static final Pattern BOUNDARY = Pattern.compile("[0-9A-Za-z'()+_,\\-./:=? ]{0,69}[0-9A-Za-z'()+_,\\-./:=?]");

    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION + 8)
    public void checkContentType(ContainerRequestContext request) {
        String declared = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (declared == null || !TenantAuthenticationFilter.isTenantPath(request.getUriInfo().getPath())) {
            return;
        }
        if (!MEDIA_TYPE.matcher(declared).matches()) {
            throw notAMediaType();
        }
        MediaType type;
        try {
            type = MediaType.valueOf(declared);
        } catch (IllegalArgumentException e) {
            throw notAMediaType();
        }
        if (BodyLimitFilter.isMultipart(type) && !hasBoundary(declared)) {
            throw new InvalidRequestException(HttpHeaders.CONTENT_TYPE,
                    "needs a boundary parameter of 1 to 70 characters");
        }
    }

    private static InvalidRequestException notAMediaType() {
        return new InvalidRequestException(HttpHeaders.CONTENT_TYPE,
                "is not a media type: type/subtype, then ;name=value parameters");
    }

    /** Read from the header as sent: the parsed media type trims and unquotes its parameters on its own terms. */
    private static boolean hasBoundary(String declared) {
        Matcher parameter = BOUNDARY_PARAMETER.matcher(declared);
        if (!parameter.find()) {
            return false;
        }
        String value = parameter.group(1);
        if (value.startsWith("\"")) {
            value = value.substring(1, value.length() - 1).replaceAll("\\\\(.)", "$1");
        }
        return BOUNDARY.matcher(value).matches();
    }
}
