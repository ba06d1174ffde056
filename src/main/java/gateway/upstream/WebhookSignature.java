package gateway.upstream;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import gateway.digest.Sha256;

/**
 * Apiframe's {@code X-Webhook-Signature}: {@code sha256=} and the hex HMAC-SHA256 of the raw body, keyed with the
 * 32 raw bytes of SHA-256 of the API key that submitted the job.
 */
final class WebhookSignature {

    private static final String PREFIX = "sha256=";
    private static final String HMAC = "HmacSHA256";
    private static final int HEX_LENGTH = 64;

    private WebhookSignature() {
    }

    /** Whether the header is the body's signature under the key; compared in constant time. */
    static boolean matches(byte[] body, String header, String apiKey) {
        if (header == null) {
            return false;
        }
        String presented = header.strip();
        if (!presented.startsWith(PREFIX) || presented.length() != PREFIX.length() + HEX_LENGTH) {
            return false;
        }
        byte[] digest;
        try {
            digest = HexFormat.of().parseHex(presented, PREFIX.length(), presented.length());
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(of(body, apiKey), digest);
    }

    private static byte[] of(byte[] body, String apiKey) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(Sha256.of(apiKey), HMAC));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is required by the Java platform", e);
        }
    }
}
