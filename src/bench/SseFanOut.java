import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SSE fan-out client of the benchmark (src/bench/run.sh), JDK only.
 *
 * <pre>
 * java SseFanOut.java submit BASE_URL BEARER_KEY IMAGE_URL COUNT IDS_FILE
 * java SseFanOut.java follow BASE_URL BEARER_KEY IDS_FILE SUBSCRIBERS_PER_JOB TIMEOUT_SECONDS
 * </pre>
 *
 * {@code submit} creates COUNT jobs and writes their ids, one a line. {@code follow} opens SUBSCRIBERS_PER_JOB event
 * streams to every job, prints {@code subscribed N of N in S s, R streams/s} once each stream has had its first
 * event (R: the rate at which streams connected and got it), then waits for
 * every stream's terminal event and prints the counts. Streams are read by asynchronous line subscribers on a small
 * pool: no thread per subscriber. Exit status 0 only if every submission, or every stream's terminal event, arrived.
 */
public class SseFanOut {

    /** Connections being opened at once: enough to be quick, few enough for the server's accept backlog. */
    private static final int CONNECTING_AT_ONCE = 256;
    private static final int SUBMITTING_AT_ONCE = 32;
    private static final Pattern JOB_ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // one connection per stream, like a browser's EventSource
            .connectTimeout(Duration.ofSeconds(30))
            .executor(Executors.newFixedThreadPool(2))
            .build();
    private final String baseUrl;
    private final String bearerKey;

    private SseFanOut(String baseUrl, String bearerKey) {
        this.baseUrl = baseUrl;
        this.bearerKey = bearerKey;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 6 && args[0].equals("submit")) {
            System.exit(new SseFanOut(args[1], args[2]).submit(args[3], Integer.parseInt(args[4]), Path.of(args[5])));
        } else if (args.length == 6 && args[0].equals("follow")) {
            System.exit(new SseFanOut(args[1], args[2]).follow(Path.of(args[3]), Integer.parseInt(args[4]),
                    Integer.parseInt(args[5])));
        } else {
            System.err.println("usage: submit BASE_URL KEY IMAGE_URL COUNT IDS_FILE"
                    + " | follow BASE_URL KEY IDS_FILE SUBSCRIBERS_PER_JOB TIMEOUT_SECONDS");
            System.exit(2);
        }
    }

    private int submit(String imageUrl, int count, Path idsFile) throws Exception {
        long started = System.nanoTime();
        Queue<String> ids = new ConcurrentLinkedQueue<>();
        AtomicInteger failures = new AtomicInteger();
        Semaphore slots = new Semaphore(SUBMITTING_AT_ONCE);
        CountDownLatch done = new CountDownLatch(count);
        String body = "{\"image\":\"" + imageUrl + "\",\"scale\":1}";
        for (int i = 0; i < count; i++) {
            slots.acquire();
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/upscales"))
                    .header("Authorization", "Bearer " + bearerKey)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                Matcher id = response == null ? null : JOB_ID.matcher(response.body());
                if (response != null && response.statusCode() == 202 && id.find()) {
                    ids.add(id.group(1));
                } else {
                    failures.incrementAndGet();
                    System.err.println("submission failed: " + (response == null ? failure
                            : response.statusCode() + " " + response.body()));
                }
                slots.release();
                done.countDown();
            });
        }
        done.await();
        Files.write(idsFile, ids);
        System.out.printf("submitted=%d failed=%d seconds=%.1f%n", ids.size(), failures.get(), seconds(started));
        return failures.get() == 0 ? 0 : 1;
    }

    private int follow(Path idsFile, int perJob, int timeoutSeconds) throws Exception {
        long started = System.nanoTime();
        List<String> ids = Files.readAllLines(idsFile);
        int total = ids.size() * perJob;
        Streams streams = new Streams(total);
        for (String id : ids) {
            for (int i = 0; i < perJob; i++) {
                streams.connecting.acquire();
                HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/upscales/" + id + "/events"))
                        .header("Authorization", "Bearer " + bearerKey)
                        .header("Accept", "text/event-stream")
                        .build();
                Stream stream = new Stream(streams);
                client.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(stream))
                        .whenComplete((response, failure) -> {
                            if (failure != null || response.statusCode() != 200) {
                                stream.fail(failure != null ? failure.toString() : "HTTP " + response.statusCode());
                            }
                        });
            }
        }
        boolean allConnected = streams.connected.await(timeoutSeconds, TimeUnit.SECONDS);
        double connecting = seconds(started);
        System.out.printf("subscribed %d of %d in %.1f s, %.0f streams/s%n", total - streams.connected.getCount(),
                total, connecting, (total - streams.connected.getCount()) / connecting);
        boolean allEnded = allConnected && streams.ended.await(timeoutSeconds, TimeUnit.SECONDS);
        System.out.printf("subscribers=%d completed=%d failed=%d errors=%d seconds=%.1f%s%n", total,
                streams.completed.get(), streams.failed.get(), streams.errors.get(), seconds(started),
                allEnded ? "" : " (timed out)");
        return streams.completed.get() == total ? 0 : 1;
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /** What all streams have seen so far. */
    private static final class Streams {
        final Semaphore connecting = new Semaphore(CONNECTING_AT_ONCE);
        final CountDownLatch connected;
        final CountDownLatch ended;
        final AtomicInteger completed = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();

        Streams(int total) {
            connected = new CountDownLatch(total);
            ended = new CountDownLatch(total);
        }
    }

    /** One event stream, read line by line: counts its first event, then its terminal event or its error. */
    private static final class Stream implements Flow.Subscriber<String> {
        private final Streams streams;
        private final AtomicBoolean connected = new AtomicBoolean();
        private final AtomicBoolean ended = new AtomicBoolean();

        Stream(Streams streams) {
            this.streams = streams;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (!line.startsWith("event:")) {
                return;
            }
            markConnected();
            String event = line.substring("event:".length()).strip();
            if ((event.equals("completed") || event.equals("failed")) && ended.compareAndSet(false, true)) {
                (event.equals("completed") ? streams.completed : streams.failed).incrementAndGet();
                streams.ended.countDown();
            }
        }

        @Override
        public void onError(Throwable failure) {
            fail(failure.toString());
        }

        @Override
        public void onComplete() {
            fail("the stream ended before a terminal event");
        }

        /** Counts this stream as an error, unless it already ended with its terminal event. */
        void fail(String problem) {
            if (ended.compareAndSet(false, true)) {
                streams.errors.incrementAndGet();
                System.err.println("stream failed: " + problem);
                markConnected();
                streams.ended.countDown();
            }
        }

        private void markConnected() {
            if (connected.compareAndSet(false, true)) {
                streams.connecting.release();
                streams.connected.countDown();
            }
        }
    }
}
