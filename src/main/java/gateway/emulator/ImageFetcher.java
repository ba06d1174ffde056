package gateway.emulator;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Downloads an input image the way Apiframe's probe would: at most 25 MB within 10 seconds.
 * URLs of the emulator's own CDN are answered from the {@link ImageStore} without a round trip.
 * Blocking: call it on a worker thread only.
 */
@ApplicationScoped
class ImageFetcher {

    /** Apiframe's limit for any input image, uploaded or fetched. */
    static final long MAX_BYTES = ImageUploads.MAX_BYTES;
    static final String CDN_PATH = "/emulator/cdn/";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ImageStore store;
    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    ImageFetcher(ImageStore store) {
        this.store = store;
    }

    byte[] fetch(URI uri) throws UnreadableImageException {
        Optional<StoredImage> local = localCopy(uri);
        if (local.isPresent()) {
            return local.get().bytes();
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "image/*").GET().build();
        CompletableFuture<HttpResponse<byte[]>> response = client.sendAsync(request, info -> info.statusCode() / 100 == 2
                ? new SizeLimitedBody(MAX_BYTES, "it is larger than 25 MB")
                : HttpResponse.BodySubscribers.replacing(new byte[0]));
        try {
            // One deadline for headers and body together, so a slow trickle cannot hold the worker.
            HttpResponse<byte[]> answer = response.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (answer.statusCode() / 100 != 2) {
                throw new UnreadableImageException("the image host answered HTTP " + answer.statusCode());
            }
            return answer.body();
        } catch (TimeoutException e) {
            response.cancel(true);
            throw timedOut(e);
        } catch (ExecutionException e) {
            throw explain(e.getCause(), uri);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreadableImageException("the download was interrupted", e);
        }
    }

    private Optional<StoredImage> localCopy(URI uri) {
        String path = uri.getPath();
        if (path == null || !path.startsWith(CDN_PATH)) {
            return Optional.empty();
        }
        return store.get(path.substring(CDN_PATH.length()), Instant.now());
    }

    private static UnreadableImageException explain(Throwable failure, URI uri) {
        if (failure instanceof UnreadableImageException unreadable) {
            return unreadable;
        }
        if (failure instanceof HttpTimeoutException) {
            return timedOut(failure);
        }
        if (failure instanceof ConnectException) {
            return new UnreadableImageException("could not connect to " + uri.getHost(), failure);
        }
        return new UnreadableImageException("could not download it (" + failure.getClass().getSimpleName() + ")", failure);
    }

    private static UnreadableImageException timedOut(Throwable cause) {
        return new UnreadableImageException("the download did not finish within " + TIMEOUT.toSeconds() + " s", cause);
    }
}
