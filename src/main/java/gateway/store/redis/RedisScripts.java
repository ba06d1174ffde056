package gateway.store.redis;

/** Pieces shared by the gateway's Lua scripts. */
public final class RedisScripts {

    /** Sets {@code now} to Redis's clock in milliseconds, so every replica's scripts agree on the time. */
    public static final String NOW = """
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
            """;

    private RedisScripts() {
    }
}
