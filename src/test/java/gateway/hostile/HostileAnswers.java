package gateway.hostile;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import com.github.tomakehurst.wiremock.WireMockServer;

import gateway.support.RawHttp;
import gateway.support.RawHttp.RawResponse;
import gateway.support.TestTenants;
import io.restassured.path.json.JsonPath;

/** What every refusal of hostile input must look like, and the raw submission the hostile suites send. */
final class HostileAnswers {

    static final String AUTHORIZATION = "Authorization: Bearer " + TestTenants.ACME_KEY + "\r\n";

    private HostileAnswers() {
    }

    /** A problem document with this status and code, and nothing in it a caller should not see. */
    static JsonPath assertProblem(RawResponse response, int status, String code) {
        assertThat(response.status()).as(response.statusLine() + "\n" + response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.body()).doesNotContain("Exception", "\tat ", "at gateway.", "at io.", "stack", "afk_",
                TestTenants.ACME_KEY, TestTenants.ACME_APIFRAME_KEY);
        JsonPath problem = JsonPath.from(response.body());
        assertThat(problem.getInt("status")).isEqualTo(status);
        assertThat(problem.getString("code")).isEqualTo(code);
        assertThat(problem.getString("type")).isEqualTo("urn:upscale-gateway:problem:" + code);
        return problem;
    }

    /**
     * Apiframe (WireMock) received no upload and no submission: every POST to it is one or the other. (Polls may
     * still arrive for jobs earlier tests left in flight.)
     */
    static void assertUpstreamUntouched(WireMockServer wireMock) {
        assertThat(wireMock.findAll(postRequestedFor(anyUrl()))).as("uploads and submissions Apiframe received")
                .isEmpty();
    }

    /** A submission as acme with this Content-Type and body, framed by Content-Length; the server closes after. */
    static RawResponse submit(URI gateway, String contentType, byte[] body) {
        return RawHttp.request("POST", "/v1/upscales").asAcme().body(contentType, body).send(gateway);
    }
}
