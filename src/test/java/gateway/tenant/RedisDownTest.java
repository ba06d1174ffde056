package gateway.tenant;

import static gateway.support.TestTenants.asAcme;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import gateway.support.FreePorts;
import gateway.support.JobRequests;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import gateway.support.ManagementPort;

/** Fail-closed: with its Redis unreachable the gateway is not ready and refuses work, never serves it unlimited. */
@QuarkusTest
@TestProfile(RedisDownTest.UnreachableRedis.class)
class RedisDownTest {

    public static class UnreachableRedis implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.store", "redis", "quarkus.redis.hosts", "redis://127.0.0.1:" + FreePorts.next());
        }
    }

    @Test
    void isNotReadyAndRefusesRequestsWithAClearCode() {
        given().port(ManagementPort.get()).get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'job-store' }.status", equalTo("DOWN"));
        given().port(ManagementPort.get()).get("/q/health/live").then().statusCode(200);

        asAcme().contentType(ContentType.JSON).body("{\"image\":\"" + JobRequests.IMAGE + "\"}").post("/v1/upscales")
                .then().statusCode(503).contentType("application/problem+json")
                .body("code", equalTo("store_unavailable")).header("Retry-After", org.hamcrest.Matchers.notNullValue());
        asAcme().get("/v1/upscales").then().statusCode(503).body("code", equalTo("store_unavailable"));
    }
}
