package gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import gateway.support.ManagementPort;

/** Health and metrics on the management port without a tenant key; OpenAPI on the main port (contract.md, "Routes"). */
@QuarkusTest
class OperationsTest {

    @Test
    void healthAndMetricsAreOnTheManagementPort() {
        given().port(ManagementPort.get()).get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().port(ManagementPort.get()).get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().port(ManagementPort.get()).get("/q/metrics").then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void operationsEndpointsAreNotOnTheTenantPort() {
        given().get("/q/health/live").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(404);
    }

    @Test
    void openApiDescribesTheTenantApi() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body(containsString("/v1/upscales"))
                .body(containsString("/v1/upscales/{id}/events"))
                .body(org.hamcrest.Matchers.not(containsString("/v2/")));
    }
}
