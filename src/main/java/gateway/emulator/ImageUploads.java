package gateway.emulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.handler.BodyHandler;

/** {@code POST /v2/uploads}: one image, at most 25 MB, recognised by its magic bytes, kept on the CDN for 2 hours. */
@ApplicationScoped
class ImageUploads {

    static final long MAX_BYTES = 25L * 1024 * 1024;
    /** Room for the multipart boundaries and part headers around the file. */
    private static final long MULTIPART_OVERHEAD = 64 * 1024;
    private static final Duration LIFETIME = Duration.ofHours(2);
    private static final String PART = "file";

    private final ImageStore store;
    private final ImageWorkers workers;

    ImageUploads(ImageStore store, ImageWorkers workers) {
        this.store = store;
        this.workers = workers;
    }

    /** Streams the multipart body to files under the temp dir, never into memory, and deletes them after the reply. */
    BodyHandler bodyHandler() {
        return BodyHandler.create(Path.of(System.getProperty("java.io.tmpdir"), "apiframe-emulator-uploads").toString())
                .setBodyLimit(MAX_BYTES + MULTIPART_OVERHEAD)
                .setDeleteUploadedFilesOnEnd(true)
                .setMergeFormAttributes(false);
    }

    static Reply tooLarge() {
        return Reply.error(400, "File too large: the limit is 25 MB");
    }

    /** The reply to an upload whose parts {@link #bodyHandler()} has written to disk. */
    Uni<Reply> accept(List<FileUpload> parts, String cdnBase) {
        Optional<FileUpload> file = parts.stream().filter(part -> PART.equals(part.name())).findFirst();
        if (file.isEmpty()) {
            return Uni.createFrom().item(Reply.validationFailed(Map.of(PART, List.of("Required"))));
        }
        if (file.get().size() > MAX_BYTES) {
            return Uni.createFrom().item(tooLarge());
        }
        Path path = Path.of(file.get().uploadedFileName());
        return workers.run(() -> Files.readAllBytes(path)).map(bytes -> store(bytes, cdnBase));
    }

    private Reply store(byte[] bytes, String cdnBase) {
        Optional<ImageFormat> format = ImageFormat.sniff(bytes);
        if (format.isEmpty()) {
            return Reply.error(400, "Unsupported file type");
        }
        UUID id = UUID.randomUUID();
        String name = id + "." + format.get().extension();
        Instant now = Instant.now();
        Instant expiresAt = now.plus(LIFETIME);
        store.put(name, new StoredImage(bytes, format.get(), expiresAt), now);
        return new Reply(201, new JsonObject()
                .put("id", id.toString())
                .put("url", cdnBase + name)
                .put("kind", "image")
                .put("contentType", format.get().contentType())
                .put("byteSize", bytes.length)
                .put("expiresAt", EmulatedJob.timestamp(expiresAt)));
    }
}
