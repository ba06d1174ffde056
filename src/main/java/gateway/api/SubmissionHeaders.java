package gateway.api;

/**
 * The optional request headers of a submission (CONTRACT §2): {@code Idempotency-Key} and {@code Prefer: wait=N}.
 * A malformed value is a 400 naming the header.
 */
record SubmissionHeaders(String idempotencyKey, Integer waitSeconds) {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String PREFER = "Prefer";
    private static final int MAX_KEY_LENGTH = 255;
    private static final int MAX_WAIT_SECONDS = 60;

    static SubmissionHeaders parse(String idempotencyKey, String prefer) {
        return new SubmissionHeaders(idempotencyKey(idempotencyKey), waitSeconds(prefer));
    }

    private static String idempotencyKey(String header) {
        if (header == null) {
            return null;
        }
        if (header.isBlank() || header.length() > MAX_KEY_LENGTH
                || !header.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw new InvalidRequestException(IDEMPOTENCY_KEY, "must be 1 to 255 visible ASCII characters");
        }
        return header;
    }

    /** The {@code wait} preference in seconds, or null when the client did not ask to wait. */
    private static Integer waitSeconds(String header) {
        if (header == null) {
            return null;
        }
        for (String preference : header.split(",")) {
            String[] nameAndValue = preference.strip().split("=", 2);
            if (nameAndValue[0].strip().equalsIgnoreCase("wait")) {
                return seconds(nameAndValue.length == 2 ? nameAndValue[1].strip() : "");
            }
        }
        return null;
    }

    private static int seconds(String value) {
        try {
            int seconds = Integer.parseInt(value);
            if (seconds >= 1 && seconds <= MAX_WAIT_SECONDS) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // falls through to the 400 below
        }
        throw new InvalidRequestException(PREFER, "wait must be a whole number of seconds from 1 to " + MAX_WAIT_SECONDS);
    }
}
