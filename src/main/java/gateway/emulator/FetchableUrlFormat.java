package gateway.emulator;

import java.net.URI;
import java.net.URISyntaxException;

import com.networknt.schema.ExecutionContext;
import com.networknt.schema.format.Format;

/**
 * The excerpt's {@code format: uri} (the input image, the webhook) read as a URL one can fetch or call: absolute
 * http or https with a host, so {@code ftp:} or {@code mailto:} is refused with the rest of the request.
 */
final class FetchableUrlFormat implements Format {

    @Override
    public String getName() {
        return "uri";
    }

    @Override
    public boolean matches(ExecutionContext context, String value) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
