package gateway.emulator;

import java.util.concurrent.ThreadLocalRandom;

/** How the emulator misbehaves on one call when {@code gateway.emulator.fault-rate} asks it to. */
enum Fault {
    NONE, OUTAGE, THROTTLED, LOST_ANSWER;

    /** With probability {@code rate} one of the three faults, equally likely; otherwise none. */
    static Fault roll(double rate) {
        double draw = ThreadLocalRandom.current().nextDouble();
        if (draw >= rate) {
            return NONE;
        }
        return values()[1 + (int) (draw / rate * 3)];
    }
}
