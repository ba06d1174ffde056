package gateway.upstream;

/** Apiframe does not know the job (unknown id, or a job of another key). */
public class UpstreamJobNotFoundException extends UpstreamException {

    public UpstreamJobNotFoundException(String message) {
        super(message);
    }
}
