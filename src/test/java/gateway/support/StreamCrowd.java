package gateway.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;

/**
 * Many event streams at once, for process-level tests: each connection of its own (HTTP/1.1, as browsers do), read
 * by asynchronous line subscribers on two threads, recording its status, first event, reconnect hint and end.
 */
public final class StreamCrowd {

    private static final int CONNECTING_AT_ONCE = 128;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(20)).executor(Executors.newFixedThreadPool(2)).build();
    private final List<Stream> streams = new ArrayList<>();

    /** Opens {@code count} streams to {@code url}, a bounded number connecting at once; returns them. */
    public List<Stream> open(String url, String bearerKey, int count) throws InterruptedException {
        Semaphore connecting = new Semaphore(CONNECTING_AT_ONCE);
        List<Stream> opened = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            connecting.acquire();
            Stream stream = new Stream(connecting);
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream")
                    .header("Authorization", "Bearer " + bearerKey).build();
            client.sendAsync(request, responseInfo -> {
                stream.status = responseInfo.statusCode();
                stream.retryAfter = responseInfo.headers().firstValue("Retry-After").orElse(null);
                stream.answered();
                return HttpResponse.BodySubscribers.fromLineSubscriber(stream);
            }).whenComplete((response, failure) -> {
                if (failure != null) {
                    stream.failure = failure.toString();
                    stream.answered();
                }
                stream.ended = true;
            });
            opened.add(stream);
        }
        streams.addAll(opened);
        return opened;
    }

    public List<Stream> streams() {
        return List.copyOf(streams);
    }

    /** One stream as its client saw it. */
    public static final class Stream implements Flow.Subscriber<String> {
        private final Semaphore connecting;
        private boolean released;
        private volatile int status;
        private volatile String retryAfter;
        private volatile String failure;
        private volatile boolean firstEvent;
        private volatile boolean reconnectHint;
        private volatile boolean ended;
        private final StringBuilder body = new StringBuilder();

        Stream(Semaphore connecting) {
            this.connecting = connecting;
        }

        private synchronized void answered() {
            if (!released) {
                released = true;
                connecting.release();
            }
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (line.startsWith("event:")) {
                firstEvent = true;
            } else if (line.startsWith("retry:")) {
                reconnectHint = true;
            }
            if (status != 200) {
                synchronized (this) {
                    body.append(line);
                }
            }
        }

        @Override
        public void onError(Throwable throwable) {
            failure = throwable.toString();
        }

        @Override
        public void onComplete() {
        }

        public int status() {
            return status;
        }

        public String retryAfter() {
            return retryAfter;
        }

        public String failure() {
            return failure;
        }

        /** Got an answer it can act on: a refusal, or an open stream with its first event. */
        public boolean settled() {
            return failure != null || (status != 0 && status != 200) || firstEvent;
        }

        public boolean hasFirstEvent() {
            return firstEvent;
        }

        public boolean gotReconnectHint() {
            return reconnectHint;
        }

        public boolean hasEnded() {
            return ended;
        }

        public synchronized String body() {
            return body.toString();
        }
    }
}
