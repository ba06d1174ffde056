package gateway.upstream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Turns an Apiframe error response into the {@link UpstreamException} that says what to do about it. */
final class UpstreamErrorClassifier {

    // Apiframe keys look like afk_...; anything shaped like one is masked before a message leaves this package
    private static final Pattern API_KEY = Pattern.compile("afk_[A-Za-z0-9_\\-]*");
    private static final int MAX_MESSAGE = 500;

    private UpstreamErrorClassifier() {
    }

    static UpstreamException classify(Response response) {
        int status = response.getStatus();
        JsonObject body = readBody(response);
        String error = redact(body.getValue("error") instanceof String text ? text : "");
        if (status == 429 || status >= 500) {
            Duration retryAfter = RetryAfter.parse(response.getHeaderString(HttpHeaders.RETRY_AFTER), Instant.now());
            return new UpstreamUnavailableException("Apiframe answered HTTP " + status, retryAfter, status == 429);
        }
        return switch (status) {
            case 400 -> classifyBadRequest(error, body.getValue("details"));
            case 401, 403 -> new UpstreamAuthenticationException("Apiframe refused the API key (HTTP " + status + ")");
            case 402 -> new InsufficientCreditsException(error.isEmpty() ? "Insufficient credits" : error);
            case 404 -> new UpstreamJobNotFoundException("Apiframe does not know this job");
            default -> new UpstreamContractException("Apiframe answered with unexpected HTTP " + status);
        };
    }

    /** A 400 naming only the image (or nothing, as the image probe does) is about the image; any other is ours. */
    private static UpstreamException classifyBadRequest(String error, Object details) {
        // per call, both bounded by the fields of one Apiframe answer
        List<String> imageMessages = new ArrayList<>();
        List<String> otherFields = new ArrayList<>();
        if (details instanceof JsonObject fields) {
            for (String field : fields.fieldNames()) {
                if (field.equals("image") || field.endsWith(".image")) {
                    imageMessages.addAll(messages(fields.getValue(field)));
                } else {
                    otherFields.add(field);
                }
            }
        }
        if (!otherFields.isEmpty()) {
            return new UpstreamContractException("Apiframe rejected the fields " + otherFields);
        }
        StringBuilder message = new StringBuilder(error.isEmpty() ? "The input image was rejected" : error);
        imageMessages.forEach(text -> message.append(": ").append(redact(text)));
        return new ImageRejectedException(truncate(message.toString()));
    }

    private static List<String> messages(Object value) {
        List<String> messages = new ArrayList<>(); // per call: the messages of one Apiframe answer
        if (value instanceof JsonArray array) {
            array.forEach(item -> messages.add(String.valueOf(item)));
        } else if (value != null) {
            messages.add(String.valueOf(value));
        }
        return messages;
    }

    private static JsonObject readBody(Response response) {
        try {
            String text = response.hasEntity() ? response.readEntity(String.class) : null;
            return text == null || text.isBlank() ? new JsonObject() : new JsonObject(text);
        } catch (DecodeException | IllegalStateException | jakarta.ws.rs.ProcessingException e) {
            return new JsonObject(); // a body we cannot read still has a status worth classifying
        }
    }

    static String redact(String text) {
        return truncate(API_KEY.matcher(text).replaceAll("afk_***"));
    }

    private static String truncate(String text) {
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "…";
    }
}
