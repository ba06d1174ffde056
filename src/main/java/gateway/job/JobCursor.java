package gateway.job;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * A position in a tenant's newest-first job listing: the creation time and id of the last job returned.
 * On the wire it is opaque (base64url), so callers cannot depend on its shape.
 */
public record JobCursor(Instant createdAt, String jobId) {

    public String encode() {
        String raw = createdAt.getEpochSecond() + "." + createdAt.getNano() + ":" + jobId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor a client sent back; {@link IllegalArgumentException} when it is not one we made. */
    public static JobCursor decode(String encoded) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = raw.indexOf(':');
            int dot = raw.indexOf('.');
            if (dot < 0 || colon < dot || colon == raw.length() - 1) {
                throw new IllegalArgumentException("malformed cursor");
            }
            Instant createdAt = Instant.ofEpochSecond(Long.parseLong(raw.substring(0, dot)),
                    Long.parseLong(raw.substring(dot + 1, colon)));
            return new JobCursor(createdAt, raw.substring(colon + 1));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cursor is not valid", e);
        }
    }
}
