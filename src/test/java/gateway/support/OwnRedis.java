package gateway.support;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A {@link RedisProcess} of the test's own, so the test can freeze, stop and restart it without touching the Redis
 * other tests share ({@link SharedRedis}); injected into fields marked {@link InjectRedisProcess}.
 */
public class OwnRedis implements QuarkusTestResourceLifecycleManager {

    private RedisProcess redis;

    @Override
    public Map<String, String> start() {
        redis = RedisProcess.start(Path.of("target", "own-redis", UUID.randomUUID().toString()));
        return Map.of("quarkus.redis.hosts", redis.url(), "gateway.store", "redis");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(redis,
                new TestInjector.AnnotatedAndMatchesType(InjectRedisProcess.class, RedisProcess.class));
    }

    @Override
    public void stop() {
        if (redis != null) {
            redis.close();
        }
    }
}
