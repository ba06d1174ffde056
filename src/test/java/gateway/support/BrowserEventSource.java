package gateway.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An EventSource as a browser runs one (WHATWG HTML, "Server-sent events"), JDK only: it connects with
 * {@code Accept: text/event-stream} and, once it has seen an event id, {@code Last-Event-ID}; when a stream ends it
 * waits the reconnection time ({@code retry:}, else {@link #DEFAULT_RECONNECTION_TIME}) and connects again, for as
 * long as the answers are 200 {@code text/event-stream}. Any other answer (a 204 included) closes it for good,
 * which is the only way a server can make a browser stop. Runs on one thread of its own until closed.
 */
public final class BrowserEventSource implements AutoCloseable {

    /** Short, so a test sees the reconnects a browser would make after its few seconds. */
    public static final Duration DEFAULT_RECONNECTION_TIME = Duration.ofMillis(200);

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URI url;
    private final String bearerKey;
    private final List<SseClient.Event> events = new CopyOnWriteArrayList<>();
    private final List<Integer> statuses = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread thread;
    private volatile boolean closed;
    private volatile String lastEventId = "";
    private volatile Duration reconnectionTime = DEFAULT_RECONNECTION_TIME;

    private BrowserEventSource(String url, String bearerKey) {
        this.url = URI.create(url);
        this.bearerKey = bearerKey;
        this.thread = new Thread(this::run, "event-source " + url);
        thread.setDaemon(true);
    }

    public static BrowserEventSource open(String url, String bearerKey) {
        BrowserEventSource source = new BrowserEventSource(url, bearerKey);
        source.thread.start();
        return source;
    }

    private void run() {
        while (!closed) {
            HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60))
                    .header("Accept", "text/event-stream").header("Cache-Control", "no-store")
                    .header("Authorization", "Bearer " + bearerKey);
            if (!lastEventId.isEmpty()) {
                request.header("Last-Event-ID", lastEventId);
            }
            try {
                connections.incrementAndGet();
                HttpResponse<InputStream> response = HTTP.send(request.build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                statuses.add(response.statusCode());
                boolean eventStream = response.headers().firstValue("Content-Type")
                        .filter(type -> type.startsWith("text/event-stream")).isPresent();
                if (response.statusCode() != 200 || !eventStream) {
                    response.body().close();
                    closed = true; // "fail the connection": no reconnection
                    return;
                }
                read(response.body());
                Thread.sleep(reconnectionTime.toMillis());
            } catch (IOException e) {
                sleepQuietly(); // a network error: reestablish the connection
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The event stream interpretation of the standard: fields, dispatch on a blank line. */
    private void read(InputStream body) throws IOException {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            StringBuilder data = new StringBuilder();
            String type = "";
            String id = null;
            for (String line = lines.readLine(); line != null && !closed; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (id != null) {
                        lastEventId = id;
                    }
                    if (data.length() > 0) {
                        events.add(new SseClient.Event(lastEventId, type.isEmpty() ? "message" : type,
                                data.substring(0, data.length() - 1)));
                    }
                    data.setLength(0);
                    type = "";
                    id = null;
                    continue;
                }
                if (line.startsWith(":")) {
                    continue;
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) {
                    value = value.substring(1);
                }
                switch (field) {
                    case "data" -> data.append(value).append('\n');
                    case "event" -> type = value;
                    case "id" -> id = value.contains("\0") ? id : value;
                    case "retry" -> {
                        if (value.matches("[0-9]+")) {
                            reconnectionTime = Duration.ofMillis(Long.parseLong(value));
                        }
                    }
                    default -> {
                        // ignored, as the standard says
                    }
                }
            }
        }
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(reconnectionTime.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    public List<SseClient.Event> events() {
        return List.copyOf(events);
    }

    /** The status of each answer, in order. */
    public List<Integer> statuses() {
        return List.copyOf(statuses);
    }

    public int connections() {
        return connections.get();
    }

    /** CLOSED in the standard's terms: it will not connect again. */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
