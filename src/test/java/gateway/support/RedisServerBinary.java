package gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code redis-server} that {@link RedisProcess} runs: the one on the PATH when it answers {@code --version},
 * else the one {@code com.github.codemonstur:embedded-redis} ships for this platform, copied once into
 * {@code target/}, so a machine with only Java runs the Redis tests too.
 */
final class RedisServerBinary {

    private static final Map<String, String> SHIPPED = Map.of(
            "linux-amd64", "redis-server-6.2.6-v5-linux-amd64",
            "linux-arm64", "redis-server-6.2.7-linux-arm64",
            "darwin-amd64", "redis-server-6.2.6-v5-darwin-amd64",
            "darwin-arm64", "redis-server-6.2.6-v5-darwin-arm64");

    private static String command;

    private RedisServerBinary() {
    }

    static synchronized String command() {
        if (command == null) {
            command = answers("redis-server") ? "redis-server" : shipped().toString();
        }
        return command;
    }

    private static boolean answers(String command) {
        try {
            Process version = new ProcessBuilder(command, "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!version.waitFor(10, TimeUnit.SECONDS)) {
                version.destroyForcibly();
                return false;
            }
            return version.exitValue() == 0;
        } catch (IOException e) {
            return false; // not on the PATH
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Path shipped() {
        String platform = operatingSystem() + "-" + architecture();
        String resource = SHIPPED.get(platform);
        if (resource == null) {
            throw new IllegalStateException("no redis-server on the PATH, and embedded-redis ships none for "
                    + platform + ": install Redis");
        }
        Path binary = Path.of("target", "embedded-redis", resource).toAbsolutePath();
        if (Files.isExecutable(binary)) {
            return binary;
        }
        try (InputStream in = RedisServerBinary.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test classpath (embedded-redis)");
            }
            Files.createDirectories(binary.getParent());
            // copied aside and moved into place, so no JVM ever runs a half-written binary
            Path partial = Files.createTempFile(binary.getParent(), resource, ".part");
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(partial, binary, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return binary;
    }

    private static String operatingSystem() {
        String name = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        return name.startsWith("mac") ? "darwin" : name;
    }

    private static String architecture() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> arch;
        };
    }
}
