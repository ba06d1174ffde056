package gateway.emulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;

/**
 * The {@code details} of Apiframe's 400 ({@code ValidationError} in the excerpt): the schema validator's errors as
 * the messages Apiframe's Zod validation gives, one list per dotted JSON path ({@code clarityUpscaleParams.image}).
 */
final class ValidationDetails {

    private ValidationDetails() {
    }

    /** The messages by path, in the validator's order; {@code root} names the instance itself (a header, say). */
    static Map<String, List<String>> of(List<Error> errors, String root) {
        Map<String, List<Error>> byPath = new LinkedHashMap<>();
        for (Error error : errors) {
            byPath.computeIfAbsent(path(error, root), key -> new ArrayList<>()).add(error);
        }
        Map<String, List<String>> details = new LinkedHashMap<>();
        byPath.forEach((path, atPath) -> details.put(path, messages(atPath)));
        return details;
    }

    /** Where the error is; a missing or unknown key is reported at the key, not at the object holding it. */
    private static String path(Error error, String root) {
        List<String> names = new ArrayList<>();
        if (!root.isEmpty()) {
            names.add(root);
        }
        NodePath location = error.getInstanceLocation();
        for (int i = 0; i < location.getNameCount(); i++) {
            names.add(location.getName(i));
        }
        if (error.getKeyword().equals("required") || error.getKeyword().equals("additionalProperties")) {
            names.add(error.getProperty());
        }
        return String.join(".", names);
    }

    private static List<String> messages(List<Error> atPath) {
        List<Error> union = atPath.stream().filter(ValidationDetails::inAnyOf).toList();
        List<Error> direct = atPath.stream().filter(error -> !inAnyOf(error)).toList();
        Set<String> messages = new LinkedHashSet<>();
        if (!union.isEmpty()) {
            messages.add(unionMessage(union));
        }
        // a value outside an enum also fails its type; Zod names the allowed values instead
        boolean hasEnum = direct.stream().anyMatch(error -> error.getKeyword().equals("enum"));
        direct.stream().filter(error -> !(hasEnum && error.getKeyword().equals("type")))
                .forEach(error -> messages.add(message(error)));
        return new ArrayList<>(messages);
    }

    /** Zod's union: the type when every branch wants another one, else every value the branches allow. */
    private static String unionMessage(List<Error> branches) {
        return branches.stream().filter(error -> error.getKeyword().equals("type")).findFirst()
                .map(ValidationDetails::message)
                .orElseGet(() -> {
                    List<String> allowed = branches.stream().filter(error -> error.getKeyword().equals("enum"))
                            .flatMap(error -> values(error.getSchemaNode()).stream()).toList();
                    return "Invalid input: expected " + orList(allowed) + ", received " + branches.get(0).getInstanceNode();
                });
    }

    private static String message(Error error) {
        JsonNode bound = error.getSchemaNode();
        JsonNode value = error.getInstanceNode();
        return switch (error.getKeyword()) {
            case "required" -> "Required";
            case "additionalProperties" -> "Unrecognized key: '" + error.getProperty() + "'";
            case "type" -> typeMessage(bound.asText(), value);
            case "enum" -> enumMessage(bound, value);
            case "minimum" -> "Number must be greater than or equal to " + bound.asText();
            case "maximum" -> "Number must be less than or equal to " + bound.asText();
            case "minLength" -> "String must contain at least " + bound.asText() + " character(s)";
            case "maxLength" -> "String must contain at most " + bound.asText() + " character(s)";
            case "minItems" -> "Array must contain at least " + bound.asText() + " element(s)";
            case "maxItems" -> "Array must contain at most " + bound.asText() + " element(s)";
            case "format" -> bound.asText().equals("uri")
                    ? "Invalid url: expected an absolute http or https URL"
                    : "Invalid " + bound.asText();
            default -> error.getMessage();
        };
    }

    private static String typeMessage(String expected, JsonNode value) {
        if (expected.equals("integer")) {
            return value.isNumber() ? "Expected integer, received float" : "Expected number, received " + typeOf(value);
        }
        return "Expected " + expected + ", received " + typeOf(value);
    }

    private static String enumMessage(JsonNode allowed, JsonNode value) {
        if (allowed.size() == 1) {
            return "Invalid literal value, expected " + allowed.get(0);
        }
        String expected = values(allowed).stream().map(text -> "'" + text + "'").collect(Collectors.joining(" | "));
        return "Invalid enum value. Expected " + expected + ", received "
                + (value.isTextual() ? "'" + value.asText() + "'" : typeOf(value));
    }

    private static boolean inAnyOf(Error error) {
        NodePath evaluation = error.getEvaluationPath();
        for (int i = 0; i < evaluation.getNameCount(); i++) {
            if (evaluation.getName(i).equals("anyOf")) {
                return true;
            }
        }
        return false;
    }

    private static List<String> values(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static String orList(List<String> values) {
        if (values.size() == 1) {
            return values.get(0);
        }
        return String.join(", ", values.subList(0, values.size() - 1)) + " or " + values.get(values.size() - 1);
    }

    private static String typeOf(JsonNode value) {
        if (value.isNumber()) {
            return "number";
        }
        if (value.isTextual()) {
            return "string";
        }
        if (value.isNull() || value.isMissingNode()) {
            return "null";
        }
        if (value.isBoolean()) {
            return "boolean";
        }
        return value.isArray() ? "array" : "object";
    }
}
