package gateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What libwebp demands of every prefix code and the TwelveMonkeys reader does not check: no code longer than the
 * limit, and a complete code (its lengths fill the code tree exactly).
 */
class PrefixCodeTest {

    static Stream<Arguments> counts() {
        int[] uniform = new int[256];
        Arrays.fill(uniform, 1);
        int[] fibonacci = new int[280];
        for (int symbol = 2, previous = 1, current = 1; symbol < 27; symbol++) {
            fibonacci[symbol] = previous;
            int next = previous + current;
            previous = current;
            current = next;
        }
        int[] noise = new Random(7).ints(280, 0, 1000).toArray();
        return Stream.of(
                Arguments.of("two symbols", new int[] {5, 0, 3}, 15),
                Arguments.of("every symbol once", uniform, 15),
                Arguments.of("Fibonacci counts, 24 bits deep before limiting", fibonacci, 15),
                Arguments.of("noise", noise, 15),
                Arguments.of("noise under the code length code's limit", Arrays.copyOf(noise, 19), 7));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("counts")
    void everyUsedSymbolHasACodeWithinTheLimitAndTheCodeIsComplete(String name, int[] counts, int limit) {
        PrefixCode code = PrefixCode.fromCounts(counts, limit);

        long filled = 0; // each code of length n fills 2^(limit - n) of the tree's 2^limit leaves
        for (int symbol = 0; symbol < counts.length; symbol++) {
            int length = code.length(symbol);
            if (counts[symbol] == 0) {
                assertThat(length).as("unused symbol %d", symbol).isZero();
            } else {
                assertThat(length).as("symbol %d", symbol).isBetween(1, limit);
                filled += 1L << (limit - length);
            }
        }
        assertThat(filled).isEqualTo(1L << limit);
    }
}
