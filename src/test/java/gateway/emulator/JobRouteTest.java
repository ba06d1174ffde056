package gateway.emulator;

import static gateway.emulator.EmulatorCalls.job;
import static gateway.emulator.EmulatorCalls.submit;
import static gateway.emulator.EmulatorCalls.upscaleRequest;
import static gateway.emulator.EmulatorTestProfile.API_KEY;
import static gateway.emulator.EmulatorTestProfile.OTHER_API_KEY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

import java.net.URL;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(EmulatorTestProfile.class)
class JobRouteTest {

    @TestHTTPResource("/emulator/cdn/sample.png")
    URL sample;

    @Test
    void describesAFreshJobWithEveryRequiredField() {
        String jobId = submit(API_KEY, upscaleRequest(sample.toString(), 2, null)).then().statusCode(202).extract().path("jobId");

        job(API_KEY, jobId).then().statusCode(200)
                .body("id", equalTo(jobId))
                .body("model", equalTo("clarity-upscale"))
                .body("error", nullValue())
                .body("webhookStatus", nullValue())
                .body("$", hasKey("result"))
                .body("$", hasKey("completedAt"))
                .body("expired", equalTo(false))
                .body("input.image", equalTo(sample.toString()))
                .body("createdAt", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z"));
    }

    @Test
    void hidesAnotherKeysJob() {
        String jobId = submit(API_KEY, upscaleRequest(sample.toString(), 2, null)).then().statusCode(202).extract().path("jobId");

        job(OTHER_API_KEY, jobId).then().statusCode(404).body("error", equalTo("Job not found"));
    }

    @Test
    void answers404ForAnUnknownJob() {
        job(API_KEY, UUID.randomUUID().toString()).then().statusCode(404).body("error", equalTo("Job not found"));
    }

    @Test
    void answers400ForAJobIdThatIsNotAUuid() {
        job(API_KEY, "job-42").then().statusCode(400).body("error", equalTo("Invalid job id"));
    }

    @Test
    void rejectsAWrongApiKey() {
        job("afk_wrong", UUID.randomUUID().toString()).then().statusCode(401).body("error", equalTo("Invalid or missing API key"));
    }

    @Test
    void describesTheCallerOfAKey() {
        given().header("X-API-Key", API_KEY).get("/v2/me").then().statusCode(200)
                .body("apiKey.prefix", equalTo(API_KEY.substring(0, 8)))
                .body("team.credits", equalTo(1_000_000));
    }
}
