package gateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class ImageStoreTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final ImageStore store = new ImageStore(100);

    @Test
    void evictsTheLeastRecentlyUsedImagesPastTheByteBudget() {
        store.put("a.png", image(40, Duration.ofHours(1)), NOW);
        store.put("b.png", image(40, Duration.ofHours(1)), NOW);
        store.get("a.png", NOW);

        store.put("c.png", image(40, Duration.ofHours(1)), NOW);

        assertThat(store.get("a.png", NOW)).isPresent();
        assertThat(store.get("b.png", NOW)).isEmpty();
        assertThat(store.get("c.png", NOW)).isPresent();
    }

    @Test
    void keepsAnImageLargerThanTheBudgetAlone() {
        store.put("a.png", image(40, Duration.ofHours(1)), NOW);

        store.put("huge.png", image(500, Duration.ofHours(1)), NOW);

        assertThat(store.get("a.png", NOW)).isEmpty();
        assertThat(store.get("huge.png", NOW)).isPresent();
    }

    @Test
    void forgetsExpiredImages() {
        store.put("a.png", image(10, Duration.ofHours(2)), NOW);

        assertThat(store.get("a.png", NOW.plus(Duration.ofMinutes(119)))).isPresent();
        assertThat(store.get("a.png", NOW.plus(Duration.ofHours(2)))).isEmpty();
    }

    @Test
    void alwaysServesTheShippedSample() {
        store.put("big.png", image(100, Duration.ofHours(1)), NOW);

        StoredImage sample = store.get(ImageStore.SAMPLE_NAME, NOW).orElseThrow();
        assertThat(ImageFormat.sniff(sample.bytes())).contains(ImageFormat.PNG);
    }

    private static StoredImage image(int size, Duration lifetime) {
        return new StoredImage(new byte[size], ImageFormat.PNG, NOW.plus(lifetime));
    }
}
