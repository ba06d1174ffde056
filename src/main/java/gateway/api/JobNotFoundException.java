package gateway.api;

/** 404 {@code not_found}: the same answer for an unknown job and another tenant's, so existence is not disclosed. */
public class JobNotFoundException extends ProblemException {

    public JobNotFoundException() {
        super(404, "not_found", "Not found", "No such job");
    }
}
