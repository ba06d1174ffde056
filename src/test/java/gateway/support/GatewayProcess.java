package gateway.support;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The packaged gateway ({@code target/quarkus-app/quarkus-run.jar}, passed by failsafe as {@code gateway.jar}) run
 * as a process of its own in the prod profile, with the given configuration on ports of its own; its output goes to
 * {@code <name>.log}.
 */
public final class GatewayProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String name;
    private final List<String> jvmOptions;
    private final Map<String, String> properties;
    private final Path log;
    private final Integer descriptorLimit;
    private final int httpPort = FreePorts.next();
    private final int managementPort = FreePorts.next();
    private Process process;

    private GatewayProcess(String name, List<String> jvmOptions, Map<String, String> properties, Path logDirectory,
            Integer descriptorLimit) {
        this.name = name;
        this.jvmOptions = jvmOptions;
        this.properties = properties;
        this.log = logDirectory.resolve(name + ".log");
        this.descriptorLimit = descriptorLimit;
    }

    /** Starts the jar and waits until it is ready. */
    public static GatewayProcess start(String name, Map<String, String> properties, Path logDirectory) {
        return start(name, List.of(), properties, logDirectory);
    }

    /** Starts the jar with JVM options of its own (a heap size, say) and waits until it is ready. */
    public static GatewayProcess start(String name, List<String> jvmOptions, Map<String, String> properties,
            Path logDirectory) {
        GatewayProcess gateway = new GatewayProcess(name, jvmOptions, properties, logDirectory, null);
        gateway.start();
        return gateway;
    }

    /** Starts the jar under {@code ulimit -n descriptorLimit} (as a container's limit would) and waits until ready. */
    public static GatewayProcess startWithDescriptorLimit(String name, Map<String, String> properties,
            Path logDirectory, int descriptorLimit) {
        GatewayProcess gateway = new GatewayProcess(name, List.of(), properties, logDirectory, descriptorLimit);
        gateway.start();
        return gateway;
    }

    /** Starts it again, on the same ports, after {@link #kill()}. */
    public void start() {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-Dquarkus.http.port=" + httpPort);
        command.add("-Dquarkus.management.port=" + managementPort);
        command.add("-jar");
        command.add(System.getProperty("gateway.jar", "target/quarkus-app/quarkus-run.jar"));
        if (descriptorLimit != null) { // exec keeps the JVM the process that is signalled
            command.addAll(0, List.of("bash", "-c", "ulimit -n " + descriptorLimit + " && exec \"$@\"", "gateway"));
        }
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await("replica " + name + " ready").atMost(Duration.ofSeconds(60)).until(() -> readiness() == 200);
    }

    /** Requests to this process as a tenant added by {@link ProcessConfig#tenant}. */
    public RequestSpecification as(String tenant) {
        return given().baseUri(url()).header("Authorization", "Bearer " + ProcessConfig.key(tenant));
    }

    /** A minimal submission to this process as the tenant. */
    public Response submitAs(String tenant) {
        return as(tenant).contentType(ContentType.JSON).body("{\"image\":\"" + JobRequests.IMAGE + "\"}")
                .post("/v1/upscales");
    }

    /** Closes each that was started, whether or not closing another fails. */
    public static void closeAll(AutoCloseable... running) {
        for (AutoCloseable each : running) {
            try {
                if (each != null) {
                    each.close();
                }
            } catch (Exception e) {
                // the others still need stopping
            }
        }
    }

    public String name() {
        return name;
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** The readiness status code, or -1 while nothing answers. */
    public int readiness() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                    + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The process's Prometheus metrics page. */
    public String metrics() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/q/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Dies at once, as a crashed pod would: no shutdown hooks, leases left to lapse. */
    public void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    /** Sends SIGTERM, as Kubernetes does, and returns how long the process took to exit. */
    public Duration terminate() {
        long started = System.nanoTime();
        process.destroy();
        waitForExit();
        return Duration.ofNanos(System.nanoTime() - started);
    }

    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    @Override
    public void close() {
        process.destroy();
        waitForExit();
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
