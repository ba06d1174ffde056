package gateway.emulator;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes lossless WebP (a RIFF file holding one VP8L bitstream, RFC 9649) in pure Java, because Maven Central's WebP
 * writers all wrap native libwebp, which would cost the service its GraalVM native build. The stream is the simplest
 * valid one: no transforms, no colour cache, no backward references, one set of five prefix codes for the whole
 * image. Files are larger than libwebp's, but every standard decoder reads them.
 */
final class WebpEncoder {

    /** VP8L stores width and height minus one in 14 bits each. */
    static final int MAX_DIMENSION = 16384;

    private static final int SIGNATURE = 0x2f;
    /** TwelveMonkeys' reader prefetches 8 bytes after the 5-byte header; decoders ignore the zero padding. */
    private static final int MIN_BITSTREAM_BYTES = 5 + 8;
    private static final int GREEN_ALPHABET = 256 + 24;
    private static final int DISTANCE_ALPHABET = 40;
    private static final int MAX_CODE_LENGTH = 15;
    private static final int MAX_CODE_LENGTH_CODE_LENGTH = 7;
    private static final int[] CODE_LENGTH_ORDER = {17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};

    private WebpEncoder() {
    }

    static byte[] encode(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        if (width > MAX_DIMENSION || height > MAX_DIMENSION) {
            throw new IllegalArgumentException("WebP images are at most " + MAX_DIMENSION + " px a side, not " + width + "x" + height);
        }
        int[] green = new int[GREEN_ALPHABET];
        int[] red = new int[256];
        int[] blue = new int[256];
        int[] alpha = new int[256];
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int argb : row) {
                alpha[argb >>> 24]++;
                red[(argb >> 16) & 0xff]++;
                green[(argb >> 8) & 0xff]++;
                blue[argb & 0xff]++;
            }
        }
        PrefixCode greenCode = PrefixCode.fromCounts(green, MAX_CODE_LENGTH);
        PrefixCode redCode = PrefixCode.fromCounts(red, MAX_CODE_LENGTH);
        PrefixCode blueCode = PrefixCode.fromCounts(blue, MAX_CODE_LENGTH);
        PrefixCode alphaCode = PrefixCode.fromCounts(alpha, MAX_CODE_LENGTH);

        LsbBitWriter out = new LsbBitWriter(width * height);
        out.write(SIGNATURE, 8);
        out.write(width - 1, 14);
        out.write(height - 1, 14);
        out.write(alpha[255] == width * height ? 0 : 1, 1);
        out.write(0, 3); // version
        out.write(0, 1); // no transform
        out.write(0, 1); // no colour cache
        out.write(0, 1); // no meta prefix codes: one code group for the whole image
        writeCode(out, greenCode);
        writeCode(out, redCode);
        writeCode(out, blueCode);
        writeCode(out, alphaCode);
        writeCode(out, PrefixCode.fromCounts(new int[DISTANCE_ALPHABET], MAX_CODE_LENGTH));
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int argb : row) {
                greenCode.write(out, (argb >> 8) & 0xff);
                redCode.write(out, (argb >> 16) & 0xff);
                blueCode.write(out, argb & 0xff);
                alphaCode.write(out, argb >>> 24);
            }
        }
        byte[] bitstream = out.toByteArray();
        return riff(Arrays.copyOf(bitstream, Math.max(bitstream.length, MIN_BITSTREAM_BYTES)));
    }

    private static void writeCode(LsbBitWriter out, PrefixCode code) {
        if (code.isTrivial()) {
            writeSingleSymbolCode(out, code.onlySymbol());
            return;
        }
        out.write(0, 1); // normal code: code lengths, themselves prefix-coded
        int[] lengthCounts = new int[CODE_LENGTH_ORDER.length];
        for (int symbol = 0; symbol < code.alphabetSize(); symbol++) {
            lengthCounts[code.length(symbol)]++;
        }
        // All lengths equal (and so non-zero) would make a one-symbol code-length code, read as zero bits per length;
        // an unused length 0 keeps it a plain two-symbol code.
        if (nonZero(lengthCounts) == 1) {
            lengthCounts[0]++;
        }
        PrefixCode lengthCode = PrefixCode.fromCounts(lengthCounts, MAX_CODE_LENGTH_CODE_LENGTH);
        int sent = CODE_LENGTH_ORDER.length;
        while (sent > 4 && lengthCode.length(CODE_LENGTH_ORDER[sent - 1]) == 0) {
            sent--;
        }
        out.write(sent - 4, 4);
        for (int i = 0; i < sent; i++) {
            out.write(lengthCode.length(CODE_LENGTH_ORDER[i]), 3);
        }
        out.write(0, 1); // lengths for the whole alphabet follow
        for (int symbol = 0; symbol < code.alphabetSize(); symbol++) {
            lengthCode.write(out, code.length(symbol));
        }
    }

    /** VP8L's "simple" code with one symbol: decoding it reads no bits at all. */
    private static void writeSingleSymbolCode(LsbBitWriter out, int symbol) {
        out.write(1, 1); // simple code
        out.write(0, 1); // one symbol
        if (symbol < 2) {
            out.write(0, 1);
            out.write(symbol, 1);
        } else {
            out.write(1, 1);
            out.write(symbol, 8);
        }
    }

    private static int nonZero(int[] counts) {
        int nonZero = 0;
        for (int count : counts) {
            nonZero += count > 0 ? 1 : 0;
        }
        return nonZero;
    }

    private static byte[] riff(byte[] vp8l) {
        int padding = vp8l.length & 1;
        ByteBuffer file = ByteBuffer.allocate(20 + vp8l.length + padding).order(ByteOrder.LITTLE_ENDIAN);
        file.put("RIFF".getBytes(StandardCharsets.US_ASCII));
        file.putInt(12 + vp8l.length + padding);
        file.put("WEBPVP8L".getBytes(StandardCharsets.US_ASCII));
        file.putInt(vp8l.length);
        file.put(vp8l);
        return file.array();
    }
}
