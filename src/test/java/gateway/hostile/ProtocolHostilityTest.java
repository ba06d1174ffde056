package gateway.hostile;

import static gateway.hostile.HostileAnswers.AUTHORIZATION;
import static gateway.hostile.HostileAnswers.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import gateway.support.RawHttp;
import gateway.support.RawHttp.Exchange;
import gateway.support.RawHttp.RawResponse;
import gateway.support.WireMockProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Protocol violations written byte by byte on a socket: a request whose length is ambiguous is refused and its
 * connection closed, so nothing hidden behind it is ever served (request smuggling); requests the HTTP layer
 * refuses get an answer too; none reaches Apiframe or writes a trace to the log.
 */
@QuarkusTest
@TestProfile(WireMockProfile.class)
class ProtocolHostilityTest extends HostileSuite {

    /** A request that would be served, and answered 404, if the bytes before it were not a body. */
    private static final String SMUGGLED = "GET /v1/upscales/SMUGGLED HTTP/1.1\r\nHost: localhost\r\n" + AUTHORIZATION
            + "\r\n";
    private static final String SUBMISSION_HEAD = "POST /v1/upscales HTTP/1.1\r\nHost: localhost\r\n" + AUTHORIZATION
            + "Content-Type: application/json\r\n";

    /** The decoder reads these as "no body" (or a Content-Length body): the next bytes would be a request. */
    @ParameterizedTest
    @ValueSource(strings = { "gzip", "xchunked", "identity", "x", "chunked;q=1", "chunkedx", "gzip\r\nContent-Length: 2" })
    void aTransferEncodingWithoutAFinalChunkedIs400AndNothingBehindItIsServed(String transferEncoding) {
        Exchange exchange = RawHttp.exchange(gateway,
                SUBMISSION_HEAD + "Transfer-Encoding: " + transferEncoding + "\r\n\r\n" + SMUGGLED);

        JsonPath problem = assertProblem(exchange.only(), 400, "invalid_request");
        assertThat(problem.getString("errors[0].field")).isEqualTo("Transfer-Encoding");
        assertThat(exchange.closed()).as("connection closed after the refusal").isTrue();
        assertThat(exchange.raw()).doesNotContain("SMUGGLED").doesNotContain("404");
    }

    /** The decoder reads these as chunked; the gateway takes chunked alone, as it decodes no other coding. */
    @ParameterizedTest
    @ValueSource(strings = { "gzip, chunked", "chunked, chunked", "chunked\r\nTransfer-Encoding: chunked" })
    void aTransferCodingListEndingInChunkedIs400AndNothingBehindItIsServed(String transferEncoding) {
        Exchange exchange = RawHttp.exchange(gateway, SUBMISSION_HEAD + "Transfer-Encoding: " + transferEncoding
                + "\r\n\r\n2\r\n{}\r\n0\r\n\r\n" + SMUGGLED);

        JsonPath problem = assertProblem(exchange.only(), 400, "invalid_request");
        assertThat(problem.getString("errors[0].field")).isEqualTo("Transfer-Encoding");
        assertThat(exchange.closed()).isTrue();
        assertThat(exchange.raw()).doesNotContain("SMUGGLED").doesNotContain("404");
    }

    @Test
    void aPipelinedRequestBehindAWellFramedOneIsServed() {
        Exchange exchange = RawHttp.exchange(gateway, SUBMISSION_HEAD
                + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"
                + SMUGGLED.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n"));

        assertThat(exchange.responses()).extracting(RawResponse::status).containsExactly(400, 404);
    }

    static Stream<Arguments> framingsTheHttpDecoderRefuses() {
        return Stream.of(
                Arguments.of("chunked with a Content-Length",
                        SUBMISSION_HEAD + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n" + SMUGGLED),
                Arguments.of("chunked not last", SUBMISSION_HEAD + "Transfer-Encoding: chunked, gzip\r\n\r\n" + SMUGGLED),
                Arguments.of("two differing Content-Lengths",
                        SUBMISSION_HEAD + "Content-Length: 2\r\nContent-Length: 40\r\n\r\n{}" + SMUGGLED),
                Arguments.of("a Content-Length list", SUBMISSION_HEAD + "Content-Length: 2, 40\r\n\r\n{}" + SMUGGLED),
                Arguments.of("a Content-Length that is not a number",
                        SUBMISSION_HEAD + "Content-Length: 2x\r\n\r\n{}" + SMUGGLED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("framingsTheHttpDecoderRefuses")
    void anAmbiguousLengthTheDecoderRefusesIsOne400AndTheConnectionCloses(String shape, String request) {
        Exchange exchange = RawHttp.exchange(gateway, request);

        assertThat(exchange.only().status()).isEqualTo(400);
        assertThat(exchange.closed()).isTrue();
        assertThat(exchange.raw()).doesNotContain("SMUGGLED").doesNotContain("404");
    }

    @Test
    void http11WithoutHostIsAProblem() {
        Exchange exchange = RawHttp.exchange(gateway,
                "GET /v1/upscales HTTP/1.1\r\n" + AUTHORIZATION + "Connection: close\r\n\r\n");

        JsonPath problem = assertProblem(exchange.only(), 400, "invalid_request");
        assertThat(problem.getString("detail")).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = { "GET /", "GET /nothing-here", "POST /v2/images/upscale", "GET /v1x" })
    void aPathOutsideTheApiIsANotFoundProblemToo(String requestLine) {
        Exchange exchange = RawHttp.exchange(gateway,
                requestLine + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertProblem(exchange.only(), 404, "not_found");
    }

    @Test
    void anUnknownHttpVersionIsAProblem() {
        Exchange exchange = RawHttp.exchange(gateway,
                "GET /v1/upscales HTTP/9.9\r\nHost: localhost\r\n" + AUTHORIZATION + "Connection: close\r\n\r\n");

        assertProblem(exchange.only(), 400, "invalid_request");
        assertThat(exchange.closed()).isTrue();
    }

    static Stream<Arguments> requestsTheHttpDecoderRefuses() {
        return Stream.of(
                Arguments.of("garbage bytes", "\u0000\u0001\u0002\u00ff\u00fe garbage\r\n\r\n", 400),
                Arguments.of("a request line of one word", "HELLO\r\n\r\n", 400),
                Arguments.of("a method with a bad character", "G@T /v1/upscales HTTP/1.1\r\nHost: localhost\r\n\r\n", 400),
                Arguments.of("a header line without a colon",
                        "GET /v1/upscales HTTP/1.1\r\nHost: localhost\r\nNoColonHere\r\n\r\n", 400),
                Arguments.of("a space before a header's colon",
                        "GET /v1/upscales HTTP/1.1\r\nHost: localhost\r\nAccept : */*\r\n\r\n", 400),
                Arguments.of("bare line feeds", "GET /v1/upscales HTTP/1.1\nHost: localhost\n\n", 400),
                Arguments.of("a request line over 4 KB",
                        "GET /v1/upscales?q=" + "a".repeat(5000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n", 414),
                Arguments.of("headers over 20 KB",
                        "GET /v1/upscales HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(21 * 1024)
                                + "\r\n\r\n", 431));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requestsTheHttpDecoderRefuses")
    void aRequestTheDecoderCannotReadIsAnsweredAndTheConnectionCloses(String shape, String request, int status) {
        Exchange exchange = RawHttp.exchange(gateway, request + SMUGGLED);

        assertThat(exchange.only().status()).isEqualTo(status);
        assertThat(exchange.closed()).isTrue();
    }

    static Stream<Arguments> brokenBodies() {
        return Stream.of(
                Arguments.of("a body shorter than its Content-Length", SUBMISSION_HEAD + "Content-Length: 100\r\n\r\n{\"image\":"),
                Arguments.of("a chunk size that is not hex", SUBMISSION_HEAD + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"),
                Arguments.of("a negative chunk size", SUBMISSION_HEAD + "Transfer-Encoding: chunked\r\n\r\n-2\r\n{}\r\n0\r\n\r\n"),
                Arguments.of("a chunk size past 2^63", SUBMISSION_HEAD + "Transfer-Encoding: chunked\r\n\r\n"
                        + "fffffffffffffffff\r\n{}\r\n0\r\n\r\n"),
                Arguments.of("a chunked body cut inside a chunk", SUBMISSION_HEAD + "Transfer-Encoding: chunked\r\n\r\n"
                        + "40\r\n{\"image\":"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenBodies")
    void aBrokenBodyNeverBecomesASubmission(String shape, String request) {
        Exchange exchange = RawHttp.exchangeThenHalfClose(gateway, request);

        assertThat(exchange.closed()).isTrue();
        exchange.responses().forEach(response -> assertThat(response.status()).isBetween(400, 499));
    }

    @Test
    void aChunkedBodyOverTheServerLimitIsA413Problem() {
        String chunk = "x".repeat(1024 * 1024);
        StringBuilder request = new StringBuilder(SUBMISSION_HEAD).append("Transfer-Encoding: chunked\r\n\r\n");
        for (int i = 0; i < 27; i++) {
            request.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        request.append("0\r\n\r\n");

        Exchange exchange = RawHttp.exchange(gateway, request.toString());

        assertProblem(exchange.only(), 413, "payload_too_large");
        assertThat(exchange.closed()).isTrue();
    }

    /** Quarkus REST's own reader answers this one, with a bare 413, before any gateway code can. */
    @Test
    void aChunkedMultipartBodyOverTheServerLimitIsA413AndTheConnectionCloses() {
        String chunk = "x".repeat(1024 * 1024);
        StringBuilder request = new StringBuilder(SUBMISSION_HEAD.replace("application/json",
                "multipart/form-data; boundary=XYZ")).append("Transfer-Encoding: chunked\r\n\r\n");
        String head = "--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\n\u0089PNG";
        request.append(Integer.toHexString(head.length())).append("\r\n").append(head).append("\r\n");
        for (int i = 0; i < 27; i++) {
            request.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        request.append("0\r\n\r\n");

        Exchange exchange = RawHttp.exchange(gateway, request.toString());

        assertThat(exchange.only().status()).isEqualTo(413);
        assertThat(exchange.closed()).isTrue();
    }
}
