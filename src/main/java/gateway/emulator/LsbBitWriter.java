package gateway.emulator;

import java.util.Arrays;

/** Packs bit fields least-significant bit first, the order a VP8L (lossless WebP) bitstream is read in. */
final class LsbBitWriter {

    private byte[] bytes;
    private int length;
    private long pending;
    private int pendingBits;

    LsbBitWriter(int expectedBytes) {
        bytes = new byte[Math.max(64, expectedBytes)];
    }

    /** Appends the low {@code bitCount} bits of {@code value}; {@code bitCount} is at most 32. */
    void write(int value, int bitCount) {
        pending |= (value & ((1L << bitCount) - 1)) << pendingBits;
        pendingBits += bitCount;
        while (pendingBits >= 8) {
            append((byte) pending);
            pending >>>= 8;
            pendingBits -= 8;
        }
    }

    /** The bits written so far, the last byte padded with zero bits. */
    byte[] toByteArray() {
        byte[] result = Arrays.copyOf(bytes, length + (pendingBits > 0 ? 1 : 0));
        if (pendingBits > 0) {
            result[length] = (byte) pending;
        }
        return result;
    }

    private void append(byte value) {
        if (length == bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(Integer.MAX_VALUE - 8L, bytes.length * 3L / 2));
        }
        bytes[length++] = value;
    }
}
