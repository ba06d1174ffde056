package gateway.api;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;

import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyWriter;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes a {@link Problem} as {@code application/problem+json}, so an answer carries its problem as itself up to
 * the wire, where response filters can read it.
 */
@Provider
@Produces(Problem.MEDIA_TYPE)
public class ProblemWriter implements ServerMessageBodyWriter<Problem> {

    private final ObjectMapper json;

    ProblemWriter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, ResteasyReactiveResourceInfo target,
            MediaType mediaType) {
        return type == Problem.class;
    }

    @Override
    public void writeResponse(Problem problem, Type genericType, ServerRequestContext context) throws IOException {
        context.serverResponse().end(json.writeValueAsBytes(problem));
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == Problem.class;
    }

    @Override
    public void writeTo(Problem problem, Class<?> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, Object> headers, OutputStream body) throws IOException {
        body.write(json.writeValueAsBytes(problem));
    }
}
