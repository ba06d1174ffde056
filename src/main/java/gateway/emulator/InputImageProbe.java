package gateway.emulator;

import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Apiframe's synchronous check of the input image before a job is charged: fetch it, recognise and decode it, and
 * refuse an output that would be too large. Every refusal is a 400. Blocking: workers only.
 */
@ApplicationScoped
class InputImageProbe {

    private static final String IMAGE_PATH = ApiframeRules.PARAMS + ".image";
    private static final String SCALE_PATH = ApiframeRules.PARAMS + ".scale_factor";

    private final ImageFetcher fetcher;
    private final ImageCodec codec;
    private final long maxOutputPixels;

    InputImageProbe(ImageFetcher fetcher, ImageCodec codec, EmulatorConfig config) {
        this.fetcher = fetcher;
        this.codec = codec;
        this.maxOutputPixels = config.maxOutputPixels();
    }

    /** The decoded input image; throws {@link RequestRejected} with the 400 to send. */
    BufferedImage read(UpscaleSubmission submission) {
        try {
            byte[] bytes = fetcher.fetch(submission.image());
            ImageFormat format = ImageFormat.sniff(bytes)
                    .orElseThrow(() -> new UnreadableImageException("it is not a PNG, JPEG, WebP or GIF image"));
            checkOutputSize(codec.size(bytes, format), submission);
            return codec.decode(bytes, format);
        } catch (UnreadableImageException e) {
            throw new RequestRejected(new Reply(400, new JsonObject()
                    .put("error", "Could not read the input image: " + e.getMessage())
                    .put("details", new JsonObject().put(IMAGE_PATH, new JsonArray().add(e.getMessage())))));
        }
    }

    private void checkOutputSize(Dimension input, UpscaleSubmission submission) {
        long scale = submission.scaleFactor();
        long width = input.width * scale;
        long height = input.height * scale;
        if (width * height > maxOutputPixels) {
            throw tooLarge("The output would be " + width + "x" + height + " (" + width * height
                    + " pixels), more than the limit of " + maxOutputPixels + " pixels");
        }
        if (submission.outputFormat() == ImageFormat.WEBP
                && (width > WebpEncoder.MAX_DIMENSION || height > WebpEncoder.MAX_DIMENSION)) {
            throw tooLarge("The output would be " + width + "x" + height + ", but WebP allows at most "
                    + WebpEncoder.MAX_DIMENSION + " pixels a side");
        }
    }

    private static RequestRejected tooLarge(String problem) {
        return new RequestRejected(Reply.validationFailed(Map.of(SCALE_PATH, List.of(problem))));
    }
}
