package gateway.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import gateway.support.ManagementPort;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Every family of the README's metrics table is on {@code /q/metrics} of a replica that has served nothing yet, at
 * zero, so dashboards and {@code rate()} alerts see a quiet replica rather than a missing one.
 */
@QuarkusTest
@TestProfile(MetricsAtStartupTest.FreshReplica.class)
class MetricsAtStartupTest {

    /** A profile of its own, so the application starts for this test alone and has counted nothing. */
    public static class FreshReplica implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.emulator.enabled", "false");
        }
    }

    static Stream<String> families() {
        return Stream.of("gateway_submissions_total{outcome=\"accepted\",tenant=\"acme\"} 0.0",
                "gateway_rate_limited_total{reason=\"rate_limited\",tenant=\"acme\"} 0.0",
                "gateway_rate_limited_total{reason=\"too_many_in_flight\",tenant=\"acme\"} 0.0",
                "gateway_jobs_in_flight{tenant=\"acme\"} 0.0",
                "gateway_job_duration_seconds_count{status=\"completed\",tenant=\"acme\"} 0.0",
                "gateway_jobs_failed_total{code=\"timeout\",tenant=\"acme\"} 0.0",
                "gateway_upstream_requests_total{operation=\"submit\",status=\"202\"} 0.0",
                "gateway_upstream_latency_seconds_count{operation=\"poll\"} 0.0",
                "gateway_upstream_retries_total{operation=\"submit\"} 0.0",
                "gateway_upstream_retries_total{operation=\"poll\"} 0.0",
                "gateway_upstream_circuit_open 0.0",
                "gateway_sse_subscribers 0.0",
                "gateway_callbacks_total{outcome=\"delivered\",tenant=\"acme\"} 0.0",
                "gateway_callbacks_total{outcome=\"expired\",tenant=\"acme\"} 0.0",
                "gateway_callback_queue_age_seconds 0.0",
                "gateway_webhooks_received_total{outcome=\"accepted\"} 0.0",
                "gateway_webhooks_received_total{outcome=\"bad_signature\"} 0.0");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void aFreshReplicaExposesTheFamilyAtZero(String series) {
        String metrics = given().port(ManagementPort.get()).get("/q/metrics").then().statusCode(200).extract()
                .asString();

        assertThat(metrics.lines()).contains(series);
    }
}
