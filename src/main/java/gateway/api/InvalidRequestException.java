package gateway.api;

import java.util.List;

/** 400 {@code invalid_request}: malformed JSON, an unknown field, a wrong type, a value out of range. */
public class InvalidRequestException extends ProblemException {

    private final List<FieldError> errors;

    public InvalidRequestException(List<FieldError> errors) {
        super(400, "invalid_request", "Invalid request", describe(errors));
        this.errors = List.copyOf(errors);
    }

    public InvalidRequestException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    @Override
    public List<FieldError> fieldErrors() {
        return errors;
    }

    private static String describe(List<FieldError> errors) {
        return errors.size() == 1 ? "The request has 1 invalid field"
                : "The request has " + errors.size() + " invalid fields";
    }
}
