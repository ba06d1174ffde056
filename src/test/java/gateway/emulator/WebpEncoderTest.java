package gateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.MemoryCacheImageInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;

class WebpEncoderTest {

    static Stream<Arguments> images() throws IOException {
        return Stream.of(
                Arguments.of("one pixel", filled(1, 1, 0xff336699)),
                Arguments.of("one colour", filled(10, 7, 0x80ff0000)),
                Arguments.of("two colours", twoColours()),
                Arguments.of("every channel value once", everyValueOnce()),
                Arguments.of("noise with alpha", noise(37, 23)),
                Arguments.of("codes deeper than 15 bits before limiting", fibonacciGreens()),
                Arguments.of("the shipped sample", sample()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void twelveMonkeysDecodesEveryPixelExactly(String name, BufferedImage image) throws IOException {
        BufferedImage decoded = decodeWithTwelveMonkeys(WebpEncoder.encode(image));

        assertSamePixels(image, decoded);
    }

    @Test
    void writesARiffContainerWithAVp8lChunk() {
        byte[] webp = WebpEncoder.encode(filled(3, 2, 0xff00ff00));

        assertThat(new String(webp, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(littleEndianInt(webp, 4)).isEqualTo(webp.length - 8);
        assertThat(new String(webp, 8, 8, StandardCharsets.US_ASCII)).isEqualTo("WEBPVP8L");
        assertThat(webp.length % 2).isZero();
        assertThat(webp[20]).isEqualTo((byte) 0x2f);
    }

    static BufferedImage decodeWithTwelveMonkeys(byte[] webp) throws IOException {
        ImageReader reader = new WebPImageReaderSpi().createReaderInstance(null);
        try {
            reader.setInput(new MemoryCacheImageInputStream(new ByteArrayInputStream(webp)));
            return reader.read(0);
        } finally {
            reader.dispose();
        }
    }

    private static void assertSamePixels(BufferedImage expected, BufferedImage actual) {
        assertThat(actual.getWidth()).isEqualTo(expected.getWidth());
        assertThat(actual.getHeight()).isEqualTo(expected.getHeight());
        int width = expected.getWidth();
        int height = expected.getHeight();
        assertThat(actual.getRGB(0, 0, width, height, null, 0, width))
                .containsExactly(expected.getRGB(0, 0, width, height, null, 0, width));
    }

    private static int littleEndianInt(byte[] bytes, int at) {
        return (bytes[at] & 0xff) | (bytes[at + 1] & 0xff) << 8 | (bytes[at + 2] & 0xff) << 16 | (bytes[at + 3] & 0xff) << 24;
    }

    private static BufferedImage filled(int width, int height, int argb) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, argb);
            }
        }
        return image;
    }

    private static BufferedImage twoColours() {
        BufferedImage image = filled(9, 5, 0xff000000);
        image.setRGB(4, 2, 0xffffffff);
        return image;
    }

    private static BufferedImage everyValueOnce() {
        BufferedImage image = new BufferedImage(256, 1, BufferedImage.TYPE_INT_ARGB);
        for (int x = 0; x < 256; x++) {
            image.setRGB(x, 0, (255 - x) << 24 | x << 16 | ((x * 7) & 0xff) << 8 | ((x * 13) & 0xff));
        }
        return image;
    }

    private static BufferedImage noise(int width, int height) {
        Random random = new Random(42);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        return image;
    }

    /** Green values with Fibonacci frequencies: plain Huffman would give them codes 24 bits long. */
    private static BufferedImage fibonacciGreens() {
        int width = 512;
        BufferedImage image = new BufferedImage(width, 384, BufferedImage.TYPE_INT_RGB);
        int pixel = 0;
        int previous = 1;
        int current = 1;
        for (int green = 1; green <= 25; green++) {
            for (int n = 0; n < previous; n++, pixel++) {
                image.setRGB(pixel % width, pixel / width, green << 8);
            }
            int next = previous + current;
            previous = current;
            current = next;
        }
        return image;
    }

    private static BufferedImage sample() throws IOException {
        return ImageIO.read(WebpEncoderTest.class.getResource("/emulator/sample.png"));
    }
}
