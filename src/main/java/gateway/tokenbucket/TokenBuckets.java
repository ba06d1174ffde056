package gateway.tokenbucket;

import java.time.Duration;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;

/** The one shape of token bucket the gateway uses: {@code capacity} tokens, refilled smoothly at a rate per second. */
public final class TokenBuckets {

    private TokenBuckets() {
    }

    public static Bucket of(long capacity, double perSecond) {
        return Bucket.builder().addLimit(Bandwidth.builder().capacity(capacity)
                .refillGreedy(capacity, Duration.ofNanos((long) (capacity / perSecond * 1e9))).build()).build();
    }
}
