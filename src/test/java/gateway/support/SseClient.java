package gateway.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * A minimal SSE client for tests: reads a stream on a background thread and records every event and comment,
 * so tests can await what arrived with Awaitility instead of sleeping.
 */
public final class SseClient {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<String> comments = new CopyOnWriteArrayList<>();
    private final List<Long> retries = new CopyOnWriteArrayList<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    private SseClient(HttpRequest request) {
        response = HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        response.thenAcceptAsync(this::read).exceptionally(failure -> {
            ended.completeExceptionally(failure);
            return null;
        });
    }

    public static SseClient open(String url, String tenantKey, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + tenantKey);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return new SseClient(request.GET().build());
    }

    private void read(HttpResponse<Stream<String>> response) {
        List<String> lines = new ArrayList<>();
        try (Stream<String> body = response.body()) {
            body.forEach(line -> {
                if (line.isEmpty()) {
                    dispatch(lines);
                    lines.clear();
                } else {
                    lines.add(line);
                }
            });
            dispatch(lines);
            ended.complete(null);
        } catch (RuntimeException e) {
            ended.completeExceptionally(e);
        }
    }

    private void dispatch(List<String> lines) {
        String id = null;
        String name = null;
        StringBuilder data = new StringBuilder();
        for (String line : lines) {
            if (line.startsWith(":")) {
                comments.add(line.substring(1).strip());
            } else if (line.startsWith("id:")) {
                id = line.substring(3).strip();
            } else if (line.startsWith("event:")) {
                name = line.substring(6).strip();
            } else if (line.startsWith("retry:")) {
                retries.add(Long.parseLong(line.substring(6).strip()));
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).strip());
            }
        }
        if (id != null || name != null || data.length() > 0) {
            events.add(new Event(id, name, data.toString()));
        }
    }

    public HttpResponse<Stream<String>> response() throws IOException {
        try {
            return response.get();
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public List<String> comments() {
        return List.copyOf(comments);
    }

    /** The reconnection delays ({@code retry:} fields) the server sent, in milliseconds. */
    public List<Long> retries() {
        return List.copyOf(retries);
    }

    public boolean hasEnded() {
        return ended.isDone();
    }

    public void close() {
        response.thenAccept(r -> r.body().close());
        response.cancel(true);
    }

    public record Event(String id, String name, String data) {
    }
}
