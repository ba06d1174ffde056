package gateway.emulator;

/**
 * The hostile extra delivery a faulty webhook comes with ({@code gateway.emulator.webhook-fault-kinds}). The
 * genuine webhook is sent as well, so a receiver that refuses the extras still learns every change.
 */
enum WebhookFault {
    /** Just before it, a {@code failed} event for the job that never happened, signed with a random key. */
    FORGED,
    /** Just after it, the same delivery again, byte for byte with its signature. */
    REPLAYED,
    /**
     * Just after it, a genuinely signed {@code progress} event with the state the job had before this change: after
     * a {@code completed} or {@code failed}, a {@code progress} that arrives too late.
     */
    OUT_OF_ORDER
}
