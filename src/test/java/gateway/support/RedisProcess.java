package gateway.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway {@code redis-server} (from the PATH; {@code .ci/run} installs it) on a port of its own, without
 * persistence, that a test can stop and start again to see what the gateway does without its store.
 */
public final class RedisProcess implements AutoCloseable {

    private final int port = FreePorts.next();
    private final Path log;
    private Process process;

    private RedisProcess(Path log) {
        this.log = log;
    }

    public static RedisProcess start(Path logDirectory) {
        RedisProcess redis = new RedisProcess(logDirectory.resolve("redis.log"));
        redis.start();
        return redis;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts it again on the same port, empty. */
    public void start() {
        try {
            process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("redis-server must be on the PATH (.ci/run installs it)", e);
        }
        await().atMost(Duration.ofSeconds(10)).until(this::accepts);
    }

    public void stop() {
        process.destroy();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !accepts());
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
