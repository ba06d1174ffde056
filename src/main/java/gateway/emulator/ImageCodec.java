package gateway.emulator;

import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import jakarta.enterprise.context.ApplicationScoped;

import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;

/** Reads PNG, JPEG, WebP and GIF, and writes PNG, JPEG and WebP. Blocking and CPU-heavy: workers only. */
@ApplicationScoped
class ImageCodec {

    private static final float JPEG_QUALITY = 0.92f;

    /** The image's size, read from its header alone, so a huge image is refused before its pixels are decoded. */
    Dimension size(byte[] bytes, ImageFormat format) throws UnreadableImageException {
        return withReader(bytes, format, reader -> new Dimension(reader.getWidth(0), reader.getHeight(0)));
    }

    /** The first frame, for an animated GIF or WebP. */
    BufferedImage decode(byte[] bytes, ImageFormat format) throws UnreadableImageException {
        return withReader(bytes, format, reader -> reader.read(0));
    }

    byte[] encode(BufferedImage image, ImageFormat format) throws IOException {
        return switch (format) {
            case WEBP -> WebpEncoder.encode(image);
            case JPEG -> jpeg(image);
            case PNG -> png(image);
            case GIF -> throw new IllegalArgumentException("GIF is an input format only");
        };
    }

    private static <T> T withReader(byte[] bytes, ImageFormat format, ReaderStep<T> step) throws UnreadableImageException {
        ImageReader reader = readerFor(format);
        try (MemoryCacheImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(input, true, true);
            return step.apply(reader);
        } catch (IOException | RuntimeException e) {
            throw new UnreadableImageException("the " + format.extension().toUpperCase() + " data is corrupt or truncated", e);
        } finally {
            reader.dispose();
        }
    }

    // The WebP reader is created directly rather than found through ImageIO's registry, which scans a class
    // loader that, in Quarkus dev and test mode, need not be the one that holds TwelveMonkeys.
    private static ImageReader readerFor(ImageFormat format) {
        if (format == ImageFormat.WEBP) {
            return new WebPImageReaderSpi().createReaderInstance(null);
        }
        Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(format.contentType());
        if (!readers.hasNext()) {
            throw new IllegalStateException("The JDK has no ImageIO reader for " + format.contentType());
        }
        return readers.next();
    }

    private static byte[] jpeg(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam params = writer.getDefaultWriteParam();
        params.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        params.setCompressionQuality(JPEG_QUALITY);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream output = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(output);
            writer.write(null, new IIOImage(image, null, null), params);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream output = new MemoryCacheImageOutputStream(bytes)) {
            ImageIO.write(image, "png", output);
        }
        return bytes.toByteArray();
    }

    @FunctionalInterface
    private interface ReaderStep<T> {
        T apply(ImageReader reader) throws IOException;
    }
}
