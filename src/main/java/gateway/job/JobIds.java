package gateway.job;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import gateway.digest.Sha256;

/**
 * Makes job ids: 128 bits, base64url without padding (22 URL-safe characters). A submission without a client key
 * gets random bits from a CSPRNG; one under a client key gets bits of its upstream idempotency key's digest.
 */
public final class JobIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private JobIds() {
    }

    public static String next() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The id of the job submitted under an upstream idempotency key. Apiframe answers every submission under that
     * key with the same job, so every gateway attempt at it names the same gateway job: one Apiframe job is never
     * two gateway jobs, even when the client's idempotency record was lost and a retry submits again.
     */
    public static String forUpstreamKey(String upstreamKey) {
        byte[] digest = Sha256.of("job\n" + upstreamKey);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
    }
}
