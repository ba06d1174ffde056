package gateway.emulator;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static gateway.support.ApiframeStubs.SUBMIT_PATH;
import static gateway.support.ApiframeStubs.acceptSubmissions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import gateway.support.GatewayProcess;
import gateway.support.ProcessConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The packaged jar in the prod profile with the emulator enabled: upstream calls go to
 * {@code quarkus.rest-client.apiframe.url} and nowhere else, the jar's own emulator only when the URL points at it.
 */
class EmulatorWiringIT {

    private static final String TENANT = "emulated";

    private static Path logs;

    @BeforeAll
    static void logDirectory() throws IOException {
        logs = Files.createDirectories(Path.of("target", "emulator-wiring"));
    }

    @Test
    void completesAJobOnItsOwnEmulatorWhenTheUrlPointsAtIt() {
        Map<String, String> config = ProcessConfig.onItsOwnEmulator();
        config.put("gateway.emulator.job-duration", "1s");
        config.put("gateway.polling.initial-delay", ProcessConfig.POLL_INITIAL_DELAY.toMillis() + "ms");
        config.put("gateway.polling.max-interval", ProcessConfig.POLL_MAX_INTERVAL.toMillis() + "ms");
        tenantTheEmulatorAccepts(config);

        try (GatewayProcess gateway = GatewayProcess.start("own-emulator", config, logs)) {
            String sample = gateway.url() + "/emulator/cdn/sample.png";
            String id = gateway.as(TENANT).contentType(ContentType.JSON)
                    .body("{\"image\":\"" + sample + "\",\"scale\":2}").post("/v1/upscales")
                    .then().statusCode(202).extract().path("id");

            JsonPath done = await().atMost(Duration.ofSeconds(30)).until(
                    () -> gateway.as(TENANT).get("/v1/upscales/" + id).then().extract().jsonPath(),
                    job -> job.getString("status").equals("completed") || job.getString("status").equals("failed"));
            assertThat(done.getString("status")).isEqualTo("completed");
            assertThat(done.getString("result.images[0]")).startsWith(gateway.url() + "/emulator/cdn/");
        }
    }

    @Test
    void keepsCallingTheConfiguredUrlWhenTheEmulatorIsEnabledBesideIt() {
        WireMockServer apiframe = new WireMockServer(wireMockConfig().dynamicPort());
        apiframe.start();
        Map<String, String> config = ProcessConfig.against(apiframe.baseUrl());
        config.put("gateway.emulator.enabled", "true");
        tenantTheEmulatorAccepts(config);

        try (GatewayProcess gateway = GatewayProcess.start("emulator-beside", config, logs)) {
            acceptSubmissions(apiframe, "up-elsewhere");

            gateway.submitAs(TENANT).then().statusCode(202);

            apiframe.verify(1, postRequestedFor(urlEqualTo(SUBMIT_PATH)));
        } finally {
            apiframe.stop();
        }
    }

    private static void tenantTheEmulatorAccepts(Map<String, String> config) {
        ProcessConfig.tenant(config, TENANT, "100", "100", "100");
        config.put("gateway.emulator.api-keys", config.get("gateway.tenants." + TENANT + ".apiframe-key"));
    }
}
