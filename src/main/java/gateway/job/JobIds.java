package gateway.job;

import java.security.SecureRandom;
import java.util.Base64;

/** Makes job ids: 128 bits from a CSPRNG, base64url without padding (22 URL-safe characters). */
public final class JobIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private JobIds() {
    }

    public static String next() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
