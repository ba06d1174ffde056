package gateway.api;

import java.util.List;

/**
 * What one field of a request must be: its kind and bounds, the only values it may take, its default. The reader
 * enforces it and the OpenAPI schema is made from it, so the two say the same.
 *
 * @param maxLength for text the most characters, for an object the most bytes it may take serialized
 * @param allowed the only values the field may take, or empty
 */
record FieldRule(String name, Kind kind, boolean required, Number minimum, Number maximum, Integer maxLength,
        List<Object> allowed, Object byDefault, String description) {

    enum Kind {
        /** An absolute http or https URL, as a string. */
        URL,
        TEXT,
        /** A whole number within int range. */
        INTEGER,
        /** A whole number within long range. */
        INT64,
        NUMBER,
        /** A JSON object of any fields. */
        OBJECT,
        /** A non-empty JSON array of distinct strings, each one of the allowed values. */
        SET
    }

    static FieldRule url(String name, int maxLength) {
        return new FieldRule(name, Kind.URL, false, null, null, maxLength, List.of(), null, null);
    }

    static FieldRule text(String name, int maxLength) {
        return new FieldRule(name, Kind.TEXT, false, null, null, maxLength, List.of(), null, null);
    }

    static FieldRule integer(String name, int minimum, int maximum) {
        return new FieldRule(name, Kind.INTEGER, false, minimum, maximum, null, List.of(), null, null);
    }

    static FieldRule int64(String name) {
        return new FieldRule(name, Kind.INT64, false, null, null, null, List.of(), null, null);
    }

    static FieldRule number(String name, double minimum, double maximum) {
        return new FieldRule(name, Kind.NUMBER, false, minimum, maximum, null, List.of(), null, null);
    }

    static FieldRule object(String name, int maxBytes) {
        return new FieldRule(name, Kind.OBJECT, false, null, null, maxBytes, List.of(), null, null);
    }

    static FieldRule set(String name, Object... values) {
        return new FieldRule(name, Kind.SET, false, null, null, null, List.of(values), null, null);
    }

    FieldRule asRequired() {
        return new FieldRule(name, kind, true, minimum, maximum, maxLength, allowed, byDefault, description);
    }

    FieldRule oneOf(Object... values) {
        return new FieldRule(name, kind, required, minimum, maximum, maxLength, List.of(values), byDefault,
                description);
    }

    FieldRule byDefault(Object value) {
        return new FieldRule(name, kind, required, minimum, maximum, maxLength, allowed, value, description);
    }

    FieldRule described(String text) {
        return new FieldRule(name, kind, required, minimum, maximum, maxLength, allowed, byDefault, text);
    }

    /** Whether a form field's text is first read as JSON: numbers and objects are, strings are taken as sent. */
    boolean isTyped() {
        return kind != Kind.URL && kind != Kind.TEXT;
    }

    /** The allowed values as a message says them: {@code 1, 2, 4 or 8}. */
    String allowedInWords() {
        List<String> words = allowed.stream().map(String::valueOf).toList();
        return words.size() == 1 ? words.get(0)
                : String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
    }
}
