package gateway.api;

/** The SSE {@code Last-Event-ID} request header: the sequence number of the last event a client saw. */
final class LastEventId {

    static final String HEADER = "Last-Event-ID";

    private LastEventId() {
    }

    /** The id the client saw, or 0 when it sent none (every event is then new to it). */
    static long parse(String header) {
        if (header == null || header.isBlank()) {
            return 0;
        }
        try {
            long id = Long.parseLong(header.strip());
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // falls through to the 400 below
        }
        throw new InvalidRequestException(HEADER, "must be a non-negative integer event id");
    }
}
