package gateway.upstream;

/** Apiframe refused the input image; the message says why. */
public class ImageRejectedException extends UpstreamException {

    public ImageRejectedException(String message) {
        super(message);
    }
}
