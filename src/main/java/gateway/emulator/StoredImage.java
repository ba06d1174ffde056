package gateway.emulator;

import java.time.Instant;

/** Bytes the emulator's CDN serves, with their format and the moment they are purged. */
record StoredImage(byte[] bytes, ImageFormat format, Instant expiresAt) {

    boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
