package gateway.emulator;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * A canonical prefix (Huffman) code built from symbol counts, as VP8L defines it: codes are assigned in order of
 * length then symbol, like DEFLATE, and written first bit first, hence stored bit-reversed for {@link LsbBitWriter}.
 */
final class PrefixCode {

    private final int[] lengths;
    private final int[] reversedCodes;
    private final int usedSymbols;
    private final int firstUsedSymbol;

    private PrefixCode(int[] lengths, int usedSymbols, int firstUsedSymbol) {
        this.lengths = lengths;
        this.reversedCodes = canonicalCodes(lengths);
        this.usedSymbols = usedSymbols;
        this.firstUsedSymbol = firstUsedSymbol;
    }

    /** A code whose lengths never exceed {@code maxLength}; a lone used symbol gets length 0 (it costs no bits). */
    static PrefixCode fromCounts(int[] counts, int maxLength) {
        int used = 0;
        int first = 0;
        for (int symbol = counts.length - 1; symbol >= 0; symbol--) {
            if (counts[symbol] > 0) {
                used++;
                first = symbol;
            }
        }
        int[] lengths = used < 2 ? new int[counts.length] : limitedLengths(counts, maxLength);
        return new PrefixCode(lengths, used, first);
    }

    int alphabetSize() {
        return lengths.length;
    }

    int length(int symbol) {
        return lengths[symbol];
    }

    /** True when at most one symbol occurs, so the code is best sent as a VP8L "simple" code. */
    boolean isTrivial() {
        return usedSymbols < 2;
    }

    /** The only symbol that occurs (0 when none does); meaningful when {@link #isTrivial()}. */
    int onlySymbol() {
        return firstUsedSymbol;
    }

    void write(LsbBitWriter out, int symbol) {
        out.write(reversedCodes[symbol], lengths[symbol]);
    }

    // Halving the counts flattens the tree; it converges because all-equal counts give a balanced tree.
    private static int[] limitedLengths(int[] counts, int maxLength) {
        int[] weights = counts.clone();
        while (true) {
            int[] lengths = huffmanLengths(weights);
            if (max(lengths) <= maxLength) {
                return lengths;
            }
            for (int symbol = 0; symbol < weights.length; symbol++) {
                if (weights[symbol] > 0) {
                    weights[symbol] = Math.max(1, weights[symbol] >> 1);
                }
            }
        }
    }

    private static int[] huffmanLengths(int[] weights) {
        int symbols = weights.length;
        long[] weight = new long[2 * symbols];
        int[] parent = new int[2 * symbols];
        PriorityQueue<Integer> queue = new PriorityQueue<>(
                Comparator.comparingLong((Integer node) -> weight[node]).thenComparingInt(node -> node));
        for (int symbol = 0; symbol < symbols; symbol++) {
            if (weights[symbol] > 0) {
                weight[symbol] = weights[symbol];
                queue.add(symbol);
            }
        }
        int next = symbols;
        while (queue.size() > 1) {
            int a = queue.poll();
            int b = queue.poll();
            weight[next] = weight[a] + weight[b];
            parent[a] = next;
            parent[b] = next;
            queue.add(next++);
        }
        // A parent is always created after its children, so walking down from the root sees parents first.
        int[] depth = new int[2 * symbols];
        for (int node = next - 2; node >= symbols; node--) {
            depth[node] = depth[parent[node]] + 1;
        }
        int[] lengths = new int[symbols];
        for (int symbol = 0; symbol < symbols; symbol++) {
            if (weights[symbol] > 0) {
                lengths[symbol] = depth[parent[symbol]] + 1;
            }
        }
        return lengths;
    }

    private static int[] canonicalCodes(int[] lengths) {
        int maxLength = max(lengths);
        int[] lengthCounts = new int[maxLength + 1];
        for (int length : lengths) {
            lengthCounts[length]++;
        }
        lengthCounts[0] = 0;
        int[] nextCode = new int[maxLength + 1];
        int code = 0;
        for (int length = 1; length <= maxLength; length++) {
            code = (code + lengthCounts[length - 1]) << 1;
            nextCode[length] = code;
        }
        int[] reversed = new int[lengths.length];
        for (int symbol = 0; symbol < lengths.length; symbol++) {
            int length = lengths[symbol];
            if (length > 0) {
                reversed[symbol] = Integer.reverse(nextCode[length]++) >>> (32 - length);
            }
        }
        return reversed;
    }

    private static int max(int[] values) {
        int max = 0;
        for (int value : values) {
            max = Math.max(max, value);
        }
        return max;
    }
}
