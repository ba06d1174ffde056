package gateway.job;

import java.nio.file.Path;
import java.util.Map;

/**
 * A validated request to upscale: the parameters, the caller's metadata, the caller's file when the image was
 * uploaded rather than linked, and the client's {@code Idempotency-Key} when it sent one.
 */
public record SubmissionRequest(UpscaleParameters parameters, Map<String, Object> metadata, UploadedImage upload,
        String idempotencyKey) {

    /** An image the caller sent as a file, already on local disk, with the SHA-256 of its bytes. */
    public record UploadedImage(Path file, String fileName, String contentType, String sha256) {
    }
}
