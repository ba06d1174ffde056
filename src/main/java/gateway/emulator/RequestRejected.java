package gateway.emulator;

/** A request the emulator turns down with a 4xx, carrying the reply to send. */
final class RequestRejected extends RuntimeException {

    private final transient Reply reply;

    RequestRejected(Reply reply) {
        super(reply.body().getString("error"), null, false, false);
        this.reply = reply;
    }

    Reply reply() {
        return reply;
    }
}
