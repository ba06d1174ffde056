package gateway.emulator;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Checks a submission against the {@code clarity-upscale} branch of Apiframe's {@code ImageUpscaleRequest} schema,
 * strictly (unknown keys are errors), and reports every offending JSON path with Zod-like messages.
 */
@ApplicationScoped
class ClarityParamsValidator {

    static final String PARAMS = "clarityUpscaleParams";
    private static final Set<String> REQUEST_KEYS = Set.of("model", PARAMS, "webhookUrl", "webhookEvents");
    private static final List<String> WEBHOOK_EVENTS = List.of("progress", "completed", "failed");
    private static final List<String> OUTPUT_FORMATS = List.of("png", "jpg", "webp");
    private static final List<Double> SCALE_FACTORS = List.of(1.0, 2.0, 4.0, 8.0);
    private static final int MAX_TEXT = 2000;

    /** The schema's properties of clarityUpscaleParams, each with its check. */
    private static final Map<String, Rule> PARAM_RULES = Map.ofEntries(
            Map.entry("image", ClarityParamsValidator::httpUrl),
            Map.entry("prompt", ClarityParamsValidator::text),
            Map.entry("negative_prompt", ClarityParamsValidator::text),
            Map.entry("scale_factor", ClarityParamsValidator::scaleFactor),
            Map.entry("creativity", value -> number(value, 0, 1)),
            Map.entry("resemblance", value -> number(value, 0, 3)),
            Map.entry("dynamic", value -> number(value, 1, 50)),
            Map.entry("sharpen", value -> number(value, 0, 10)),
            Map.entry("num_inference_steps", value -> integer(value, 1, 100)),
            Map.entry("seed", value -> integer(value, Long.MIN_VALUE, Long.MAX_VALUE)),
            Map.entry("output_format", value -> oneOf(value, OUTPUT_FORMATS)));

    /** The problems by JSON path, in request order; empty when the request is valid. */
    Map<String, List<String>> validate(JsonObject request) {
        Map<String, List<String>> problems = new LinkedHashMap<>();
        for (String key : request.fieldNames()) {
            if (!REQUEST_KEYS.contains(key)) {
                add(problems, key, unrecognized(key));
            }
        }
        if (!request.containsKey("model")) {
            add(problems, "model", "Required");
        } else if (!EmulatedJob.MODEL.equals(request.getValue("model"))) {
            add(problems, "model", "Invalid literal value, expected \"" + EmulatedJob.MODEL + "\"");
        }
        Object params = request.getValue(PARAMS);
        if (!request.containsKey(PARAMS)) {
            add(problems, PARAMS, "Required");
        } else if (params instanceof JsonObject object) {
            validateParams(object, problems);
        } else {
            add(problems, PARAMS, expected("object", params));
        }
        if (request.containsKey("webhookUrl")) {
            httpUrl(request.getValue("webhookUrl")).ifPresent(problem -> add(problems, "webhookUrl", problem));
        }
        if (request.containsKey("webhookEvents")) {
            validateWebhookEvents(request.getValue("webhookEvents"), problems);
        }
        return problems;
    }

    private static void validateParams(JsonObject params, Map<String, List<String>> problems) {
        for (String key : params.fieldNames()) {
            String path = PARAMS + "." + key;
            Rule rule = PARAM_RULES.get(key);
            if (rule == null) {
                add(problems, path, unrecognized(key));
            } else {
                rule.check(params.getValue(key)).ifPresent(problem -> add(problems, path, problem));
            }
        }
        if (!params.containsKey("image")) {
            add(problems, PARAMS + ".image", "Required");
        }
    }

    private static void validateWebhookEvents(Object value, Map<String, List<String>> problems) {
        if (!(value instanceof JsonArray events)) {
            add(problems, "webhookEvents", expected("array", value));
            return;
        }
        if (events.isEmpty()) {
            add(problems, "webhookEvents", "Array must contain at least 1 element(s)");
        }
        for (int i = 0; i < events.size(); i++) {
            int index = i;
            oneOf(events.getValue(i), WEBHOOK_EVENTS).ifPresent(problem -> add(problems, "webhookEvents." + index, problem));
        }
    }

    private static Optional<String> httpUrl(Object value) {
        if (!(value instanceof String text)) {
            return Optional.of(expected("string", value));
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return Optional.empty();
            }
        } catch (URISyntaxException e) {
            // reported below, like any other URL that is not absolute http(s)
        }
        return Optional.of("Invalid url: expected an absolute http or https URL");
    }

    private static Optional<String> text(Object value) {
        if (!(value instanceof String text)) {
            return Optional.of(expected("string", value));
        }
        return text.length() > MAX_TEXT
                ? Optional.of("String must contain at most " + MAX_TEXT + " character(s)")
                : Optional.empty();
    }

    private static Optional<String> scaleFactor(Object value) {
        if (!(value instanceof Number number)) {
            return Optional.of(expected("number", value));
        }
        return SCALE_FACTORS.contains(number.doubleValue())
                ? Optional.empty()
                : Optional.of("Invalid input: expected 1, 2, 4 or 8, received " + number);
    }

    private static Optional<String> number(Object value, double min, double max) {
        if (!(value instanceof Number number)) {
            return Optional.of(expected("number", value));
        }
        return range(number, min, max);
    }

    private static Optional<String> integer(Object value, long min, long max) {
        if (!(value instanceof Number number)) {
            return Optional.of(expected("number", value));
        }
        if (!isIntegral(number)) {
            return Optional.of("Expected integer, received float");
        }
        return range(number, min, max);
    }

    private static Optional<String> range(Number number, double min, double max) {
        if (number.doubleValue() < min) {
            return Optional.of("Number must be greater than or equal to " + format(min));
        }
        if (number.doubleValue() > max) {
            return Optional.of("Number must be less than or equal to " + format(max));
        }
        return Optional.empty();
    }

    private static Optional<String> oneOf(Object value, List<String> allowed) {
        if (value instanceof String text && allowed.contains(text)) {
            return Optional.empty();
        }
        String expected = "'" + String.join("' | '", allowed) + "'";
        return Optional.of("Invalid enum value. Expected " + expected + ", received "
                + (value instanceof String text ? "'" + text + "'" : typeOf(value)));
    }

    private static boolean isIntegral(Number number) {
        if (number instanceof Integer || number instanceof Long || number instanceof BigInteger) {
            return true;
        }
        if (number instanceof BigDecimal decimal) {
            return decimal.stripTrailingZeros().scale() <= 0;
        }
        double value = number.doubleValue();
        return !Double.isInfinite(value) && value == Math.rint(value);
    }

    private static String format(double bound) {
        return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
    }

    private static String unrecognized(String key) {
        return "Unrecognized key: '" + key + "'";
    }

    private static String expected(String type, Object value) {
        return "Expected " + type + ", received " + typeOf(value);
    }

    private static String typeOf(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Number) {
            return "number";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        return value instanceof JsonArray ? "array" : "object";
    }

    private static void add(Map<String, List<String>> problems, String path, String problem) {
        problems.computeIfAbsent(path, key -> new ArrayList<>()).add(problem);
    }

    @FunctionalInterface
    private interface Rule {
        Optional<String> check(Object value);
    }
}
