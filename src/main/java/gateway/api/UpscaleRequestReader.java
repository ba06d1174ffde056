package gateway.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;

import gateway.job.JobStatus;
import gateway.job.UpscaleParameters;

/**
 * Reads and validates an upscale request (contract.md, "Body fields") strictly: no unknown fields, no type
 * coercion, every range checked. All problems are collected, so one 400 names every offending field.
 */
@ApplicationScoped
public class UpscaleRequestReader {

    // Jackson's wording for StreamReadFeature.STRICT_DUPLICATE_DETECTION, which has no exception type of its own
    private static final String DUPLICATE = "Duplicate field '";

    private final ObjectMapper json;
    private final ObjectReader strictReader;

    UpscaleRequestReader(ObjectMapper json) {
        this.json = json;
        this.strictReader = json.reader()
                .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * Parses a JSON body; a body that is not strict UTF-8 (RFC 8259 §8.1: no byte order mark, no overlong or
     * surrogate forms, which Jackson's own decoder lets through) or not a JSON object is a 400.
     */
    public UpscaleRequest readJson(byte[] body) {
        JsonNode root;
        try {
            root = strictReader.readTree(strictUtf8(body));
        } catch (StreamReadException e) {
            String duplicate = duplicatedKey(e);
            throw duplicate == null ? new InvalidRequestException("body", "is not valid JSON")
                    : new InvalidRequestException(duplicate, "is given more than once");
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("body", "is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRequestException("body", "must be a JSON object");
        }
        return validate((ObjectNode) root, true);
    }

    private static String strictUtf8(byte[] body) {
        if (body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb && (body[2] & 0xff) == 0xbf) {
            throw new InvalidRequestException("body", "must not start with a byte order mark");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidRequestException("body", "is not valid UTF-8");
        }
    }

    /** The duplicated key's path ({@code scale}, {@code metadata.order}), or null for other syntax errors. */
    private static String duplicatedKey(StreamReadException e) {
        String message = e.getOriginalMessage();
        if (message == null || !message.startsWith(DUPLICATE) || e.getProcessor() == null) {
            return null;
        }
        // the parser stops at the repeated key, so its context names the key and the objects around it
        List<String> names = new ArrayList<>();
        for (JsonStreamContext context = e.getProcessor().getParsingContext(); context != null;
                context = context.getParent()) {
            if (context.inObject() && context.getCurrentName() != null) {
                names.add(0, context.getCurrentName());
            } else if (context.inArray()) {
                names.add(0, Integer.toString(context.getCurrentIndex()));
            }
        }
        return names.isEmpty() ? null : String.join(".", names);
    }

    /**
     * Validates multipart form fields. Form values are text, so each is first read as the JSON type its field
     * takes (a number for {@code scale}, an object for {@code metadata}); text that is not one stays text and
     * fails the type check like it would in JSON.
     */
    public UpscaleRequest readForm(Map<String, String> fields) {
        // the multipart parser decodes a field's bytes leniently, each undecodable one (an overlong form too)
        // becoming U+FFFD: refused like invalid UTF-8 in JSON (a literal U+FFFD with it)
        List<FieldError> undecodable = fields.entrySet().stream()
                .filter(field -> field.getValue().indexOf('\uFFFD') >= 0)
                .map(field -> new FieldError(field.getKey(), "is not valid UTF-8")).toList();
        if (!undecodable.isEmpty()) {
            throw new InvalidRequestException(undecodable);
        }
        ObjectNode root = json.createObjectNode();
        fields.forEach((name, value) -> root.set(name, formValue(name, value)));
        return validate(root, false);
    }

    private JsonNode formValue(String name, String value) {
        if (UpscaleFields.named(name).filter(FieldRule::isTyped).isPresent()) {
            try {
                JsonNode parsed = strictReader.readTree(value);
                if (parsed != null && (parsed.isNumber() || parsed.isObject() || parsed.isArray())) {
                    return parsed;
                }
            } catch (java.io.IOException notTyped) {
                // stays text and fails the type check below
            }
        }
        return json.getNodeFactory().textNode(value);
    }

    /** Applies the rules of {@link UpscaleFields}, the ones the OpenAPI document shows, to every field. */
    private UpscaleRequest validate(ObjectNode root, boolean imageRequired) {
        List<FieldError> errors = new ArrayList<>();
        for (Iterator<String> names = root.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (UpscaleFields.named(name).isEmpty()) {
                errors.add(new FieldError(name, "is not a known field"));
            } else if (!imageRequired && name.equals(UpscaleFields.IMAGE.name())) {
                errors.add(new FieldError(name, "cannot be combined with a file upload: send one or the other"));
            }
        }
        Fields fields = new Fields(root, errors);
        String image = imageRequired ? fields.imageUrl(UpscaleFields.IMAGE) : null;
        Integer scale = fields.integer(UpscaleFields.SCALE);
        String format = fields.text(UpscaleFields.FORMAT);
        UpscaleParameters parameters = new UpscaleParameters(image,
                scale == null ? UpscaleParameters.DEFAULT_SCALE : scale,
                fields.text(UpscaleFields.PROMPT),
                fields.text(UpscaleFields.NEGATIVE_PROMPT),
                fields.number(UpscaleFields.CREATIVITY),
                fields.number(UpscaleFields.RESEMBLANCE),
                fields.number(UpscaleFields.DYNAMIC),
                fields.integer(UpscaleFields.STEPS),
                fields.number(UpscaleFields.SHARPEN),
                fields.longInteger(UpscaleFields.SEED),
                format == null ? UpscaleParameters.DEFAULT_FORMAT : format);
        Map<String, Object> metadata = metadata(UpscaleFields.METADATA, root.get(UpscaleFields.METADATA.name()),
                errors);
        String callbackUrl = fields.callbackUrl(UpscaleFields.CALLBACK_URL);
        List<JobStatus> callbackEvents = fields.statuses(UpscaleFields.CALLBACK_EVENTS);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new UpscaleRequest(parameters, metadata, callbackUrl, callbackEvents);
    }

    private Map<String, Object> metadata(FieldRule rule, JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            errors.add(new FieldError(rule.name(), "must be a JSON object"));
            return null;
        }
        try {
            if (json.writeValueAsBytes(node).length > rule.maxLength()) {
                errors.add(new FieldError(rule.name(), "must be at most " + rule.maxLength() / 1024
                        + " KiB when serialized"));
                return null;
            }
        } catch (JsonProcessingException impossible) {
            errors.add(new FieldError(rule.name(), "cannot be serialized"));
            return null;
        }
        return json.convertValue(node, new TypeReference<Map<String, Object>>() {
        });
    }

    /** Typed reads of optional fields; each wrong value adds one error and reads as absent. */
    private record Fields(ObjectNode root, List<FieldError> errors) {

        String imageUrl(FieldRule rule) {
            JsonNode node = root.get(rule.name());
            if (node == null || node.isNull()) {
                errors.add(new FieldError(rule.name(), "is required"));
                return null;
            }
            String url = text(rule);
            if (url != null && !isHttpUrl(url)) {
                errors.add(new FieldError(rule.name(), "must be an absolute http or https URL"));
                return null;
            }
            return url;
        }

        /** Like the image's URL, and with no user info: credentials do not belong in a URL the gateway keeps. */
        String callbackUrl(FieldRule rule) {
            String url = text(rule);
            if (url != null && (!isHttpUrl(url) || URI.create(url).getRawUserInfo() != null)) {
                return invalid(rule.name(), "must be an absolute http or https URL without user info");
            }
            return url;
        }

        /** A non-empty array of distinct allowed strings, as statuses in their order. */
        List<JobStatus> statuses(FieldRule rule) {
            String name = rule.name();
            JsonNode node = root.get(name);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isArray() || node.isEmpty()) {
                return invalid(name, "must be a non-empty array of job statuses");
            }
            Set<JobStatus> statuses = EnumSet.noneOf(JobStatus.class);
            for (JsonNode element : node) {
                if (!element.isTextual() || !rule.allowed().contains(element.asText())) {
                    return invalid(name, "must hold only " + rule.allowedInWords());
                }
                if (!statuses.add(JobStatus.fromWireName(element.asText()))) {
                    return invalid(name, "names " + element.asText() + " more than once");
                }
            }
            return List.copyOf(statuses);
        }

        String text(FieldRule rule) {
            String name = rule.name();
            JsonNode node = root.get(name);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isTextual()) {
                return invalid(name, "must be a string");
            }
            if (node.asText().length() > rule.maxLength()) {
                return invalid(name, "must be at most " + rule.maxLength() + " characters");
            }
            return oneOfAllowed(rule, node.asText());
        }

        Integer integer(FieldRule rule) {
            Long value = longInteger(rule);
            if (value == null) {
                return null;
            }
            int min = rule.minimum().intValue();
            int max = rule.maximum().intValue();
            if (value < min || value > max) {
                return invalid(rule.name(), "must be between " + min + " and " + max);
            }
            return oneOfAllowed(rule, value.intValue());
        }

        Long longInteger(FieldRule rule) {
            String name = rule.name();
            JsonNode node = root.get(name);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                return invalid(name, "must be an integer");
            }
            return node.asLong();
        }

        Double number(FieldRule rule) {
            String name = rule.name();
            double min = rule.minimum().doubleValue();
            double max = rule.maximum().doubleValue();
            JsonNode node = root.get(name);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isNumber() || !Double.isFinite(node.asDouble())) {
                return invalid(name, "must be a number");
            }
            double value = node.asDouble();
            if (value < min || value > max) {
                return invalid(name, "must be between " + format(min) + " and " + format(max));
            }
            return value;
        }

        private <T> T oneOfAllowed(FieldRule rule, T value) {
            if (!rule.allowed().isEmpty() && !rule.allowed().contains(value)) {
                return invalid(rule.name(), "must be " + rule.allowedInWords());
            }
            return value;
        }

        private <T> T invalid(String name, String message) {
            errors.add(new FieldError(name, message));
            return null;
        }

        private static String format(double bound) {
            return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
        }

        private static boolean isHttpUrl(String value) {
            try {
                URI uri = new URI(value);
                String scheme = uri.getScheme();
                return uri.isAbsolute() && uri.getHost() != null && !uri.getHost().isBlank()
                        && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
                        && value.getBytes(StandardCharsets.UTF_8).length == value.length();
            } catch (URISyntaxException e) {
                return false;
            }
        }
    }

    /**
     * A validated request: the parameters to submit, the caller's metadata to store beside the job, and where and
     * which of its changes to deliver (each null when not given).
     */
    public record UpscaleRequest(UpscaleParameters parameters, Map<String, Object> metadata, String callbackUrl,
            List<JobStatus> callbackEvents) {
    }
}
