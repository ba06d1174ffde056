package gateway.tenant;

/**
 * A calling tenant after authentication. Holds the tenant's Apiframe key, which is handed to the upstream client
 * and nowhere else; {@link #toString()} redacts it so the key cannot leak through a log line or an exception message.
 */
public record Tenant(String id, String apiframeKey, TenantLimits limits) {

    @Override
    public String toString() {
        return "Tenant[id=" + id + ", apiframeKey=<redacted>, limits=" + limits + "]";
    }
}
