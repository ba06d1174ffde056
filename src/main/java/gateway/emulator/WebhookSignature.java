package gateway.emulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Apiframe's {@code X-Webhook-Signature}: {@code sha256=} and the lowercase hex HMAC-SHA256 of the raw body, keyed
 * with the 32 raw bytes of SHA-256 of the API key that submitted the job.
 */
final class WebhookSignature {

    private static final String PREFIX = "sha256=";
    private static final String HMAC = "HmacSHA256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSignature() {
    }

    static String of(byte[] body, String apiKey) {
        try {
            byte[] key = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
            return sign(body, key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Well-formed, but keyed with random bytes: no receiver holding the job's API key accepts it. */
    static String forged(byte[] body) {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return sign(body, key);
    }

    private static String sign(byte[] body, byte[] key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", e);
        }
    }
}
