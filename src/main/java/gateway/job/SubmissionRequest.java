package gateway.job;

import java.nio.file.Path;
import java.util.Map;

/**
 * A validated request to upscale: the parameters, the caller's metadata, the caller's file when the image was
 * uploaded rather than linked, the client's {@code Idempotency-Key} when it sent one, and the callback to deliver
 * the job's changes to, if any.
 */
public record SubmissionRequest(UpscaleParameters parameters, Map<String, Object> metadata, UploadedImage upload,
        String idempotencyKey, JobCallback callback) {

    /** An image the caller sent as a file, already on local disk, with the SHA-256 of its bytes. */
    public record UploadedImage(Path file, String fileName, String contentType, String sha256) {
    }
}
