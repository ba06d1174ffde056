package gateway.support;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway {@code redis-server} (the PATH's, else a shipped one: {@link RedisServerBinary}) on a port of its own,
 * persisting every write to an append-only file as a production Redis should, so a test can stop it and start it
 * again with its data, to see what the gateway does without its store and after it returns.
 */
public final class RedisProcess implements AutoCloseable {

    private final int port = FreePorts.next();
    private final Path directory;
    private Process process;

    private RedisProcess(Path directory) {
        this.directory = directory;
    }

    /** Starts an empty Redis keeping its log and data in the directory, which it empties first. */
    public static RedisProcess start(Path directory) {
        try {
            if (Files.exists(directory)) {
                try (Stream<Path> old = Files.walk(directory)) {
                    old.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
                }
            }
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RedisProcess redis = new RedisProcess(directory);
        redis.start();
        return redis;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts it again on the same port, with the data it had. */
    public void start() {
        try {
            process = new ProcessBuilder(RedisServerBinary.command(), "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--dir", directory.toAbsolutePath().toString(), "--save", "",
                    "--appendonly", "yes", "--appendfsync", "always")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("redis.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await().atMost(Duration.ofSeconds(10)).until(this::accepts);
    }

    /** Freezes it (SIGSTOP), as a hung Redis: connections stay open, and nothing is answered. */
    public void freeze() {
        signal("STOP");
    }

    /** Lets a frozen Redis go on (SIGCONT): it then answers everything sent to it meanwhile. */
    public void thaw() {
        signal("CONT");
    }

    public boolean isRunning() {
        return process.isAlive();
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

    private void signal(String name) {
        try {
            // the shell's kill: a fresh machine may have no kill program (Debian's comes with procps)
            Process kill = new ProcessBuilder("bash", "-c", "kill -" + name + " " + process.pid()).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
