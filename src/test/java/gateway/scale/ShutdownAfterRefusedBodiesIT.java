package gateway.scale;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import gateway.support.GatewayProcess;
import gateway.support.ProcessConfig;
import gateway.support.RawHttp;

/**
 * Refusals that close the connection (a chunked JSON body over the limit, a smuggling attempt) must count as finished
 * requests, or every later SIGTERM waits out the whole {@code quarkus.shutdown.timeout} for them.
 */
class ShutdownAfterRefusedBodiesIT {

    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(20);

    private GatewayProcess gateway;

    @AfterEach
    void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void sigtermAfterAnOversizedChunkedBodyDoesNotWaitForTheRefusedRequest() throws Exception {
        gateway = start("oversized");

        RawHttp.RawResponse refused = RawHttp.exchange(URI.create(gateway.url()), oversizedChunkedSubmission()).only();
        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.header("content-type")).isEqualTo("application/problem+json");

        assertThat(gateway.terminate()).isLessThan(SHUTDOWN_TIMEOUT.dividedBy(2));
    }

    @Test
    void sigtermAfterASmugglingAttemptDoesNotWaitForTheRefusedRequest() throws Exception {
        gateway = start("smuggled");

        RawHttp.Exchange exchange = RawHttp.exchange(URI.create(gateway.url()), ("POST /v1/upscales HTTP/1.1\r\n"
                + "Host: localhost\r\nAuthorization: Bearer " + ProcessConfig.key("bulky") + "\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: gzip\r\n\r\n"
                + "GET /v1/upscales/SMUGGLED HTTP/1.1\r\nHost: localhost\r\n\r\n"));
        assertThat(exchange.only().status()).isEqualTo(400);
        assertThat(exchange.closed()).isTrue();

        assertThat(gateway.terminate()).isLessThan(SHUTDOWN_TIMEOUT.dividedBy(2));
    }

    private static GatewayProcess start(String name) throws Exception {
        Map<String, String> config = ProcessConfig.onItsOwnEmulator();
        config.put("quarkus.shutdown.timeout", SHUTDOWN_TIMEOUT.toSeconds() + "s");
        ProcessConfig.tenant(config, "bulky", "100", "100", "10");
        return GatewayProcess.start(name, config, Files.createDirectories(Path.of("target", "refused-bodies")));
    }

    private static byte[] oversizedChunkedSubmission() {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("POST /v1/upscales HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + ProcessConfig.key("bulky") + "\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        byte[] chunk = ("{\"prompt\":\"" + "x".repeat(16 * 1024) + "\",").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 8; i++) { // 128 KiB, twice gateway.limits.max-json-body
            request.writeBytes((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(chunk);
            request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        request.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return request.toByteArray();
    }
}
