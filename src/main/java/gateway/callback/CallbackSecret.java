package gateway.callback;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A tenant's signing key, as Standard Webhooks spells it: {@code whsec_} and the key's base64. It signs
 * {@code <webhook-id>.<webhook-timestamp>.<body>} with HMAC-SHA256. {@link #toString()} redacts it, and no message
 * made here quotes it, so it cannot leak through a log line or an exception.
 */
final class CallbackSecret {

    static final String PREFIX = "whsec_";
    // the bounds Standard Webhooks sets for a key
    private static final int MIN_BYTES = 24;
    private static final int MAX_BYTES = 64;
    private static final String HMAC = "HmacSHA256";

    private final SecretKeySpec key;

    private CallbackSecret(byte[] key) {
        this.key = new SecretKeySpec(key, HMAC);
    }

    /** The secret, or an {@link IllegalArgumentException} saying what is wrong with it without quoting it. */
    static CallbackSecret parse(String text) {
        String value = text.strip();
        if (!value.startsWith(PREFIX)) {
            throw new IllegalArgumentException("must start with " + PREFIX);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(value.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be " + PREFIX + " followed by base64");
        }
        if (key.length < MIN_BYTES || key.length > MAX_BYTES) {
            throw new IllegalArgumentException("must hold a key of " + MIN_BYTES + " to " + MAX_BYTES + " bytes");
        }
        return new CallbackSecret(key);
    }

    /** The {@code webhook-signature} value: {@code v1,} and the base64 of the HMAC. */
    String sign(String eventId, long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            byte[] signature = mac.doFinal((eventId + "." + timestampSeconds + "." + body)
                    .getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "CallbackSecret[<redacted>]";
    }
}
