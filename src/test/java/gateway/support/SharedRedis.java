package gateway.support;

import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * The Redis at {@code quarkus.redis.hosts} for every {@code @QuarkusTest}: one {@link RedisProcess} per JVM, started
 * by the first Quarkus start and stopped with the JVM, so later starts pay nothing. A test wanting another Redis
 * says so in its profile: {@link OwnRedis} starts after this one, and a profile's config overrides win anyway.
 */
@WithTestResource(value = SharedRedis.class, scope = TestResourceScope.GLOBAL)
public class SharedRedis implements QuarkusTestResourceLifecycleManager {

    private static final String URL_PROPERTY = "test.shared-redis.url";

    @Override
    public Map<String, String> start() {
        // kept in the JVM's properties, not a static field: each Quarkus start loads this class anew
        String url = (String) System.getProperties().computeIfAbsent(URL_PROPERTY, key -> startForThisJvm());
        return Map.of("quarkus.redis.hosts", url);
    }

    private static String startForThisJvm() {
        RedisProcess redis = RedisProcess.start(Path.of("target", "shared-redis",
                Long.toString(ProcessHandle.current().pid())));
        Runtime.getRuntime().addShutdownHook(new Thread(redis::close, "shared-redis-stop"));
        return redis.url();
    }

    @Override
    public void stop() {
        // kept for the next Quarkus start in this JVM
    }

    @Override
    public int order() {
        return -1; // started before the others, so a test's own Redis address overrides this one
    }
}
