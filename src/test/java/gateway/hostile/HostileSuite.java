package gateway.hostile;

import static gateway.hostile.HostileAnswers.assertUpstreamUntouched;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import com.github.tomakehurst.wiremock.WireMockServer;

import gateway.support.InjectWireMock;
import gateway.support.LogCapture;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * What every hostile suite checks after each request it sends: nothing reached Apiframe (WireMock) and nothing was
 * logged as a fault. A suite holds only its own families of requests.
 */
abstract class HostileSuite {

    @InjectWireMock
    WireMockServer wireMock;

    @TestHTTPResource("/")
    URI gateway;

    private LogCapture logs;

    @BeforeEach
    void resetApiframeAndCaptureLogs() {
        wireMock.resetAll();
        logs = LogCapture.start();
    }

    @AfterEach
    void nothingReachedApiframeOrTheLogAsAFault() {
        logs.close();
        assertUpstreamUntouched(wireMock);
        assertThat(logs.warningsOrTraces()).isEmpty();
    }
}
