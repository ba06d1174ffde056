package gateway.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The emulator's CDN: uploaded inputs and produced results by file name, plus the shipped {@value #SAMPLE_NAME}. */
@ApplicationScoped
class ImageStore {

    static final String SAMPLE_NAME = "sample.png";
    private static final String SAMPLE_RESOURCE = "emulator/" + SAMPLE_NAME;
    private static final int MAX_IMAGES = 10_000;

    private final long maxBytes;
    private final StoredImage sample;
    // Access-ordered, so the eldest entry is the least recently used: evicted past max-stored-bytes or MAX_IMAGES,
    // and entries past their expiry are purged on every write and skipped on read.
    private final LinkedHashMap<String, StoredImage> images = new LinkedHashMap<>(16, 0.75f, true);
    private long storedBytes;

    @Inject
    ImageStore(EmulatorConfig config) {
        this(config.maxStoredBytes());
    }

    ImageStore(long maxBytes) {
        this.maxBytes = maxBytes;
        this.sample = new StoredImage(readSample(), ImageFormat.PNG, Instant.MAX);
    }

    synchronized void put(String name, StoredImage image, Instant now) {
        remove(name);
        images.put(name, image);
        storedBytes += image.bytes().length;
        purgeExpired(now);
        Iterator<Map.Entry<String, StoredImage>> eldestFirst = images.entrySet().iterator();
        // The image just stored is the youngest entry, so it is kept even when it alone exceeds the budget.
        while ((storedBytes > maxBytes || images.size() > MAX_IMAGES) && images.size() > 1) {
            storedBytes -= eldestFirst.next().getValue().bytes().length;
            eldestFirst.remove();
        }
    }

    synchronized Optional<StoredImage> get(String name, Instant now) {
        if (SAMPLE_NAME.equals(name)) {
            return Optional.of(sample);
        }
        StoredImage image = images.get(name);
        if (image == null || image.expiredAt(now)) {
            remove(name);
            return Optional.empty();
        }
        return Optional.of(image);
    }

    private void remove(String name) {
        StoredImage removed = images.remove(name);
        if (removed != null) {
            storedBytes -= removed.bytes().length;
        }
    }

    private void purgeExpired(Instant now) {
        images.values().removeIf(image -> {
            if (image.expiredAt(now)) {
                storedBytes -= image.bytes().length;
                return true;
            }
            return false;
        });
    }

    private static byte[] readSample() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(SAMPLE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + SAMPLE_RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
