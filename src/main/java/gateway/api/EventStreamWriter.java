package gateway.api;

import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;

import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyWriter;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

import io.vertx.ext.web.RoutingContext;

/**
 * Hands an admitted event stream over from Quarkus REST to {@link JobEventStream}: the response head gets the
 * status and headers the filters set (rate limits, caching), then the stream writes to the Vert.x response itself.
 * Quarkus REST's request (and its request scope) ends here, so an open stream holds none of its machinery.
 */
@Provider
@Produces(MediaType.SERVER_SENT_EVENTS)
public class EventStreamWriter implements ServerMessageBodyWriter<StreamRequest> {

    private final JobEventStream streams;

    EventStreamWriter(JobEventStream streams) {
        this.streams = streams;
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, ResteasyReactiveResourceInfo target,
            MediaType mediaType) {
        return type == StreamRequest.class;
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == StreamRequest.class;
    }

    @Override
    public void writeResponse(StreamRequest request, Type genericType, ServerRequestContext context) {
        // the head gets the filters' headers from Quarkus REST's pre-commit listener when the stream writes it
        streams.open(request, ((ResteasyReactiveRequestContext) context).serverRequest().unwrap(RoutingContext.class)
                .response());
        // the head is written; Quarkus REST's request stays reachable until the stream ends, its headers need not
        ((ResteasyReactiveRequestContext) context).getResponse().get().getHeaders().clear();
    }

    @Override
    public void writeTo(StreamRequest request, Class<?> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, Object> headers, OutputStream body) {
        throw new IllegalStateException("an event stream is only written by the reactive server");
    }
}
