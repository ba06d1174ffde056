package gateway.emulator;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** How often ({@code rate}, 0 for never) and how ({@code kinds}, equally likely) the emulator's webhooks misbehave. */
record WebhookFaults(double rate, List<WebhookFault> kinds) {

    /** The fault of one webhook, if it gets one. */
    Optional<WebhookFault> roll() {
        double draw = ThreadLocalRandom.current().nextDouble();
        if (draw >= rate) {
            return Optional.empty();
        }
        return Optional.of(kinds.get((int) (draw / rate * kinds.size())));
    }
}
