package gateway.api;

import static gateway.support.TestTenants.asAcme;
import static gateway.support.TestTenants.asGlobex;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import gateway.support.ApiframeStubs;
import gateway.support.InjectWireMock;
import gateway.support.JobRequests;
import gateway.support.WireMockProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Every error, the framework's own included, is problem+json with a code (contract.md, "Problems"). */
@QuarkusTest
@TestProfile(WireMockProfile.class)
class ErrorResponsesTest {

    @InjectWireMock
    WireMockServer wireMock;

    @BeforeEach
    void reset() {
        wireMock.resetAll();
        ApiframeStubs.acceptSubmissions(wireMock, "5d7c8a1e-1111-4a4a-9b9b-0123456789ab");
    }

    @Test
    void aMissingOrUnknownKeyIs401WithAChallenge() {
        for (var request : new io.restassured.specification.RequestSpecification[] { given(),
                given().header("Authorization", "Bearer not-a-tenant"),
                given().header("Authorization", "Basic YWNtZTpzZWNyZXQ="),
                given().header("Authorization", "Bearer ") }) {
            request.get("/v1/upscales").then().statusCode(401)
                    .header("WWW-Authenticate", "Bearer")
                    .contentType("application/problem+json")
                    .body("code", equalTo("unauthenticated"));
        }
    }

    @Test
    void anotherTenantsJobLooksExactlyLikeAnUnknownOne() {
        String jobId = JobRequests.submitAsAcme();

        String foreign = asGlobex().get("/v1/upscales/" + jobId).then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("not_found")).extract().asString();
        String unknown = asGlobex().get("/v1/upscales/AAAAAAAAAAAAAAAAAAAAAA").then().statusCode(404)
                .extract().asString();

        assertThat(foreign).isEqualTo(unknown);
        asAcme().get("/v1/upscales/" + jobId).then().statusCode(200).body("id", equalTo(jobId));
    }

    @Test
    void frameworkErrorsAreProblemsToo() {
        asAcme().get("/v1/nothing-here").then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("not_found"));
        asAcme().delete("/v1/upscales").then().statusCode(405)
                .contentType("application/problem+json").body("code", equalTo("method_not_allowed"));
        asAcme().accept("application/xml").get("/v1/upscales").then().statusCode(406)
                .contentType("application/problem+json").body("code", equalTo("not_acceptable"));
        asAcme().contentType("application/xml").body("<x/>").post("/v1/upscales").then().statusCode(415)
                .contentType("application/problem+json").body("code", equalTo("unsupported_media_type"));
    }

    @Test
    void listParametersAreValidated() {
        asAcme().queryParam("limit", "0").get("/v1/upscales").then().statusCode(400)
                .body("errors[0].field", equalTo("limit"));
        asAcme().queryParam("limit", "ten").get("/v1/upscales").then().statusCode(400)
                .body("errors[0].field", equalTo("limit"));
        asAcme().queryParam("status", "done").get("/v1/upscales").then().statusCode(400)
                .body("errors[0].field", equalTo("status"));
        asAcme().queryParam("cursor", "not-a-cursor!").get("/v1/upscales").then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
    }

    @Test
    void problemsNeverCarryStackTraces() {
        asAcme().contentType("application/json").body("{\"image\":").post("/v1/upscales").then().statusCode(400)
                .body(not(containsString("Exception"))).body(not(containsString("\tat ")));
    }
}
