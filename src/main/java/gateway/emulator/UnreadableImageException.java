package gateway.emulator;

/** The input image could not be fetched or decoded; the message is the reason, worded for the API caller. */
final class UnreadableImageException extends Exception {

    UnreadableImageException(String reason) {
        super(reason);
    }

    UnreadableImageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
