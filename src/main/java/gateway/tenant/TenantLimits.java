package gateway.tenant;

/** A tenant's request rate, burst and in-flight quota, with the gateway defaults already applied. */
public record TenantLimits(double requestsPerSecond, int burst, int maxInFlight) {
}
