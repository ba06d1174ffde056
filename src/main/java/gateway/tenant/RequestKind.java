package gateway.tenant;

/** What a tenant's request costs: submissions draw on the tenant's configured bucket, reads on a roomier one. */
public enum RequestKind {
    SUBMISSION, READ
}
