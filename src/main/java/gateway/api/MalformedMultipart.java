package gateway.api;

import java.io.IOException;
import java.util.Optional;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.server.core.multipart.MultipartParser;

/**
 * Recognises the failures of Quarkus REST's multipart parser on a body the caller framed badly, which it reports
 * as plain exceptions before the resource method runs, so they become a 400 rather than a 500.
 */
final class MalformedMultipart {

    /** What {@code FormData.add} throws past {@code quarkus.http.limits.max-parameters}; it has no type of its own. */
    private static final String PARAM_LIMIT = "Param limit of ";

    private MalformedMultipart() {
    }

    /** The 400 for a parser failure on a multipart request, if that is what the failure is. */
    static Optional<InvalidRequestException> of(Throwable failure, HttpHeaders headers) {
        if (!BodyLimitFilter.isMultipart(mediaType(headers))) {
            return Optional.empty();
        }
        if (failure instanceof MultipartParser.MalformedMessageException) {
            return invalid("is not well-formed multipart/form-data: every part header needs a name, a colon and a"
                    + " value on one line");
        }
        if (failure instanceof IOException) {
            return invalid("ends before the closing boundary named in Content-Type");
        }
        if (failure.getClass() == RuntimeException.class && failure.getMessage() != null
                && failure.getMessage().startsWith(PARAM_LIMIT)) {
            return invalid("has more parts than the server reads");
        }
        return Optional.empty();
    }

    private static Optional<InvalidRequestException> invalid(String message) {
        return Optional.of(new InvalidRequestException("body", message));
    }

    private static MediaType mediaType(HttpHeaders headers) {
        try {
            return headers.getMediaType();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
