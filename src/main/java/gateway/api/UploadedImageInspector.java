package gateway.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.nio.file.Files;
import java.util.Arrays;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.resteasy.reactive.server.multipart.FormValue;

import gateway.config.GatewayConfig;
import gateway.digest.Sha256;
import gateway.job.SubmissionRequest.UploadedImage;

/**
 * Checks an uploaded {@code file} part: at most {@code gateway.limits.max-file-size}, and a PNG, JPEG or WebP by its
 * first bytes (the declared content type is not trusted), and fingerprints it for idempotency. Reads the whole file
 * from disk: call it from a worker thread only.
 */
@ApplicationScoped
public class UploadedImageInspector {

    private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
    private static final byte[] JPEG = { (byte) 0xff, (byte) 0xd8, (byte) 0xff };
    private static final byte[] RIFF = { 'R', 'I', 'F', 'F' };
    private static final byte[] WEBP = { 'W', 'E', 'B', 'P' };

    private final long maxFileSize;

    UploadedImageInspector(GatewayConfig config) {
        this.maxFileSize = config.limits().maxFileSize().asLongValue();
    }

    public UploadedImage inspect(FormValue file) {
        java.nio.file.Path path = file.getFileItem().getFile();
        if (path == null) { // kept in memory: a part without a filename, such as a nested multipart
            throw new InvalidRequestException("file", "must be the image itself, sent with a filename");
        }
        byte[] head = new byte[12];
        long size;
        MessageDigest sha256 = Sha256.newDigest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), sha256)) {
            size = Files.size(path);
            int read = in.readNBytes(head, 0, head.length);
            head = Arrays.copyOf(head, read);
            in.transferTo(OutputStream.nullOutputStream()); // the rest only feeds the digest
        } catch (IOException e) {
            throw new InvalidRequestException("file", "could not be read");
        }
        if (size > maxFileSize) {
            throw new PayloadTooLargeException("The file is " + size + " bytes; the limit is " + maxFileSize);
        }
        String contentType = contentType(head);
        if (contentType == null) {
            throw new InvalidRequestException("file", "must be a PNG, JPEG or WebP image");
        }
        String name = file.getFileName() == null || file.getFileName().isBlank() ? "image" : file.getFileName();
        return new UploadedImage(path, name, contentType, HexFormat.of().formatHex(sha256.digest()));
    }


    private static String contentType(byte[] head) {
        if (startsWith(head, PNG, 0)) {
            return "image/png";
        }
        if (startsWith(head, JPEG, 0)) {
            return "image/jpeg";
        }
        if (startsWith(head, RIFF, 0) && startsWith(head, WEBP, 8)) {
            return "image/webp";
        }
        return null;
    }

    private static boolean startsWith(byte[] data, byte[] prefix, int offset) {
        if (data.length < offset + prefix.length) {
            return false;
        }
        return Arrays.equals(data, offset, offset + prefix.length, prefix, 0, prefix.length);
    }
}
