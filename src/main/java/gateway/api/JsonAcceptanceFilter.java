package gateway.api;

import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Answers 406 before a JSON endpoint runs when the caller accepts no JSON. The framework decides this itself only
 * where one method serves a path; for the submission (a JSON and a multipart method) it would only find out when
 * writing the 202, after Apiframe had accepted and charged the job.
 */
public class JsonAcceptanceFilter {

    @AnswersWithJson
    @ServerRequestFilter
    public void requireJsonAcceptable(HttpHeaders headers) {
        if (!AcceptHeader.admitsJson(headers.getRequestHeader(HttpHeaders.ACCEPT))) {
            throw new NotAcceptableException();
        }
    }
}
