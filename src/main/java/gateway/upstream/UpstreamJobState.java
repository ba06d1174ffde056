package gateway.upstream;

import java.util.List;

/**
 * One read of an Apiframe job, normalised: {@code result} in either known shape becomes a list of image URLs
 * (empty when there is none yet), and {@code error} is Apiframe's message or null.
 */
public record UpstreamJobState(UpstreamStatus status, Integer progress, List<String> images, String error) {
}
