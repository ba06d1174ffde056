package gateway.job;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;

import gateway.digest.Sha256;

/**
 * Fingerprints of requests in a canonical form: defaults filled in, optional fields left out, map keys sorted,
 * so field order and spelled-out defaults do not make two equivalent requests differ.
 */
@ApplicationScoped
public class RequestDigests {

    private final ObjectWriter canonical;

    RequestDigests(ObjectMapper mapper) {
        this.canonical = mapper.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    }

    public String of(SubmissionRequest request) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("parameters", request.parameters());
        form.put("metadata", request.metadata());
        form.put("file", request.upload() == null ? null : request.upload().sha256());
        if (request.callback() != null) { // only when asked for, so the digests of other requests stay as they were
            form.put("callback", Map.of("url", request.callback().url(), "events", request.callback().events()));
        }
        try {
            return sha256(canonical.writeValueAsBytes(form));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a validated request always serialises", e);
        }
    }

    /** The upstream Idempotency-Key for a client key: the same for the same tenant and key, across restarts. */
    public static String upstreamKey(String tenantId, String clientKey) {
        return sha256((tenantId + '\n' + clientKey).getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(Sha256.of(bytes));
    }
}
