package gateway.support;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Webhooks as Apiframe sends them, written and signed by the test itself (from Apiframe's documented scheme, not
 * with the gateway's code): {@code X-Webhook-Signature: sha256=<hex HMAC-SHA256 of the body>}, keyed with the raw
 * SHA-256 of the API key that submitted the job.
 */
public final class SignedWebhooks {

    public static final String PATH = "/webhooks/apiframe/";
    public static final String SIGNATURE = "X-Webhook-Signature";
    private static final SecureRandom RANDOM = new SecureRandom();

    private SignedWebhooks() {
    }

    /** The callback path of a tenant's job. */
    public static String path(String tenant, String jobId) {
        return PATH + tenant + "/" + jobId;
    }

    public static String progress(String upstreamJobId, String status, int progress) {
        return "{\"event\":\"progress\",\"jobId\":\"" + upstreamJobId + "\",\"status\":\"" + status
                + "\",\"progress\":" + progress + ",\"model\":\"clarity-upscale\"}";
    }

    public static String completed(String upstreamJobId, String image) {
        return "{\"event\":\"completed\",\"jobId\":\"" + upstreamJobId + "\",\"status\":\"COMPLETED\",\"progress\":100,"
                + "\"result\":{\"images\":[\"" + image + "\"]},\"model\":\"clarity-upscale\",\"creditCost\":3,"
                + "\"completedAt\":\"2026-12-02T10:00:13.000Z\"}";
    }

    public static String failed(String upstreamJobId, String error) {
        return "{\"event\":\"failed\",\"jobId\":\"" + upstreamJobId + "\",\"status\":\"FAILED\",\"error\":\"" + error
                + "\",\"model\":\"clarity-upscale\"}";
    }

    /** The signature Apiframe sends with the body for a job submitted with {@code apiKey}. */
    public static String signature(String body, String apiKey) {
        try {
            byte[] key = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
            return sign(body, key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Well-formed, but keyed with random bytes, as a forger who does not hold the key would sign. */
    public static String forgedSignature(String body) {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return sign(body, key);
    }

    /** POSTs the body to the path as Apiframe would, with the signature unless it is null. */
    public static Response post(RequestSpecification to, String path, String body, String signature) {
        RequestSpecification request = to.contentType(ContentType.JSON).header("X-Webhook-Event", "progress")
                .body(body.getBytes(StandardCharsets.UTF_8));
        if (signature != null) {
            request.header(SIGNATURE, signature);
        }
        return request.post(path);
    }

    /** POSTs the body to this application's callback path of the job, signed with the key. */
    public static Response deliver(String tenant, String jobId, String body, String apiKey) {
        return post(given(), path(tenant, jobId), body, signature(body, apiKey));
    }

    private static String sign(String body, byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
