package gateway.api;

/** 401 {@code unauthenticated}: no bearer key, or one no tenant has. */
public class UnauthenticatedException extends ProblemException {

    public UnauthenticatedException() {
        super(401, "unauthenticated", "Unauthenticated",
                "Send a tenant key as 'Authorization: Bearer <key>'");
    }
}
