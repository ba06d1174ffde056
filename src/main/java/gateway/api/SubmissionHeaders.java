package gateway.api;

import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.core.HttpHeaders;

/**
 * The optional request headers of a submission (contract.md, "Request headers"): {@code Idempotency-Key} and
 * {@code Prefer: wait=N}. Every field of each is read as it arrived (a single-value parameter would see only the
 * first, and none at all when it is empty). A malformed value is a 400 naming the header.
 */
record SubmissionHeaders(String idempotencyKey, Integer waitSeconds) {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String PREFER = "Prefer";
    private static final int MAX_KEY_LENGTH = 255;
    private static final int MAX_WAIT_SECONDS = 60;

    static SubmissionHeaders parse(HttpHeaders headers) {
        return new SubmissionHeaders(idempotencyKey(headers.getRequestHeader(IDEMPOTENCY_KEY)),
                waitSeconds(headers.getRequestHeader(PREFER)));
    }

    /** The client's key; repeating the field is allowed only with the same value, or the key would be ambiguous. */
    private static String idempotencyKey(List<String> fields) {
        if (fields == null || fields.isEmpty()) {
            return null;
        }
        String key = fields.get(0);
        if (fields.stream().anyMatch(field -> !field.equals(key))) {
            throw new InvalidRequestException(IDEMPOTENCY_KEY, "must be sent once");
        }
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw new InvalidRequestException(IDEMPOTENCY_KEY, "must be 1 to 255 visible ASCII characters");
        }
        return key;
    }

    /**
     * The {@code wait} preference in seconds, or null when the client did not ask to wait. All {@code Prefer} fields
     * form one list, and only the first {@code wait} in it counts (RFC 7240 §2).
     */
    private static Integer waitSeconds(List<String> fields) {
        if (fields == null) {
            return null;
        }
        for (String preference : preferences(fields)) {
            String nameAndValue = preference.split(";", 2)[0];
            String[] parts = nameAndValue.split("=", 2);
            if (parts[0].strip().equalsIgnoreCase("wait")) {
                return seconds(parts.length == 2 ? parts[1].strip() : "");
            }
        }
        return null;
    }

    private static List<String> preferences(List<String> fields) {
        List<String> preferences = new ArrayList<>();
        for (String field : fields) {
            for (String preference : field.split(",")) {
                preferences.add(preference.strip());
            }
        }
        return preferences;
    }

    /** RFC 7240 §4.3: {@code delta-seconds}, digits only. */
    private static int seconds(String value) {
        try {
            int seconds = Integer.parseInt(value);
            if (seconds >= 1 && seconds <= MAX_WAIT_SECONDS && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // falls through to the 400 below
        }
        throw new InvalidRequestException(PREFER, "wait must be a whole number of seconds from 1 to " + MAX_WAIT_SECONDS);
    }
}
