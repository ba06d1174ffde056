package gateway.hostile;

import static gateway.hostile.HostileAnswers.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import gateway.support.ApiframeStubs;
import gateway.support.RawHttp;
import gateway.support.RawHttp.RawResponse;
import gateway.support.TestTenants;
import gateway.support.WireMockProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Generated families of malformed requests: bodies, headers, list queries, paths and methods. Each gets its exact
 * status and problem code as {@code application/problem+json}, names the offending field where there is one, leaks
 * no stack trace or key, and sends nothing to Apiframe.
 */
@QuarkusTest
@TestProfile(WireMockProfile.class)
class HostileInputTest extends HostileSuite {

    private static final String IMAGE = "\"image\":\"https://images.example.com/cat.png\"";
    private static final String JOB_ID = "AAAAAAAAAAAAAAAAAAAAAA";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A submission that slipped through would be accepted, and so seen, rather than fail some other way. */
    @BeforeEach
    void acceptSubmissions() {
        ApiframeStubs.acceptSubmissions(wireMock, "0c9e7d1a-52f3-4b8e-a1d6-3f2b9c8e7a41");
    }

    static Stream<Arguments> badJsonBodies() {
        List<Arguments> cases = new ArrayList<>();
        // wrong types
        cases.add(body("image as a number", "{\"image\":42}", "image"));
        cases.add(body("scale as a string", "{" + IMAGE + ",\"scale\":\"2\"}", "scale"));
        cases.add(body("scale as a fraction", "{" + IMAGE + ",\"scale\":2.0}", "scale"));
        cases.add(body("steps as a boolean", "{" + IMAGE + ",\"steps\":true}", "steps"));
        cases.add(body("seed as a string", "{" + IMAGE + ",\"seed\":\"7\"}", "seed"));
        cases.add(body("creativity as a string", "{" + IMAGE + ",\"creativity\":\"0.5\"}", "creativity"));
        cases.add(body("prompt as an object", "{" + IMAGE + ",\"prompt\":{}}", "prompt"));
        cases.add(body("format as an array", "{" + IMAGE + ",\"format\":[\"png\"]}", "format"));
        cases.add(body("metadata as an array", "{" + IMAGE + ",\"metadata\":[1]}", "metadata"));
        cases.add(body("metadata as a string", "{" + IMAGE + ",\"metadata\":\"{}\"}", "metadata"));
        cases.add(body("an unknown field", "{" + IMAGE + ",\"colour\":\"red\"}", "colour"));
        cases.add(body("a field in the wrong case", "{" + IMAGE + ",\"Scale\":2}", "Scale"));
        cases.add(body("no image", "{\"scale\":2}", "image"));
        cases.add(body("a null image", "{\"image\":null}", "image"));
        // out of range
        cases.add(body("scale 3", "{" + IMAGE + ",\"scale\":3}", "scale"));
        cases.add(body("scale 0", "{" + IMAGE + ",\"scale\":0}", "scale"));
        cases.add(body("scale -2", "{" + IMAGE + ",\"scale\":-2}", "scale"));
        cases.add(body("steps 0", "{" + IMAGE + ",\"steps\":0}", "steps"));
        cases.add(body("steps 101", "{" + IMAGE + ",\"steps\":101}", "steps"));
        cases.add(body("creativity below 0", "{" + IMAGE + ",\"creativity\":-0.0001}", "creativity"));
        cases.add(body("creativity above 1", "{" + IMAGE + ",\"creativity\":1.0001}", "creativity"));
        cases.add(body("resemblance above 3", "{" + IMAGE + ",\"resemblance\":3.5}", "resemblance"));
        cases.add(body("dynamic below 1", "{" + IMAGE + ",\"dynamic\":0.5}", "dynamic"));
        cases.add(body("sharpen above 10", "{" + IMAGE + ",\"sharpen\":11}", "sharpen"));
        cases.add(body("format gif", "{" + IMAGE + ",\"format\":\"gif\"}", "format"));
        cases.add(body("format in capitals", "{" + IMAGE + ",\"format\":\"PNG\"}", "format"));
        cases.add(body("a prompt of 2001 characters", "{" + IMAGE + ",\"prompt\":\"" + "p".repeat(2001) + "\"}",
                "prompt"));
        cases.add(body("an image URL of 2049 characters",
                "{\"image\":\"https://images.example.com/" + "a".repeat(2049 - 27) + "\"}", "image"));
        cases.add(body("an ftp image URL", "{\"image\":\"ftp://images.example.com/a.png\"}", "image"));
        cases.add(body("a relative image URL", "{\"image\":\"/cat.png\"}", "image"));
        cases.add(body("an image URL without a host", "{\"image\":\"https:///cat.png\"}", "image"));
        cases.add(body("metadata over 2 KiB", "{" + IMAGE + ",\"metadata\":{\"x\":\"" + "m".repeat(2100) + "\"}}",
                "metadata"));
        // deep nesting
        cases.add(body("metadata nested 2000 deep",
                "{" + IMAGE + ",\"metadata\":" + "{\"a\":".repeat(2000) + "1" + "}".repeat(2000) + "}", "body"));
        cases.add(body("arrays nested 20000 deep", "[".repeat(20_000) + "]".repeat(20_000), "body"));
        // huge numbers
        cases.add(body("seed 1e400", "{" + IMAGE + ",\"seed\":1e400}", "seed"));
        cases.add(body("seed beyond 64 bits", "{" + IMAGE + ",\"seed\":18446744073709551616}", "seed"));
        cases.add(body("scale 1e10", "{" + IMAGE + ",\"scale\":1e10}", "scale"));
        cases.add(body("steps of 2000 digits", "{" + IMAGE + ",\"steps\":" + "9".repeat(2000) + "}", "body"));
        cases.add(body("creativity -1e400", "{" + IMAGE + ",\"creativity\":-1e400}", "creativity"));
        // non-numbers JSON does not have
        cases.add(body("creativity NaN", "{" + IMAGE + ",\"creativity\":NaN}", "body"));
        cases.add(body("creativity Infinity", "{" + IMAGE + ",\"creativity\":Infinity}", "body"));
        cases.add(body("creativity -Infinity", "{" + IMAGE + ",\"creativity\":-Infinity}", "body"));
        cases.add(body("steps in hex", "{" + IMAGE + ",\"steps\":0x10}", "body"));
        cases.add(body("steps with a leading zero", "{" + IMAGE + ",\"steps\":010}", "body"));
        // trailing garbage and broken syntax
        cases.add(body("a second object", "{" + IMAGE + "}{}", "body"));
        cases.add(body("a trailing word", "{" + IMAGE + "} x", "body"));
        cases.add(body("a trailing brace", "{" + IMAGE + "}}", "body"));
        cases.add(body("a trailing comma", "{" + IMAGE + ",}", "body"));
        cases.add(body("single quotes", "{'image':'https://images.example.com/cat.png'}", "body"));
        cases.add(body("a comment", "{" + IMAGE + "/* hi */}", "body"));
        cases.add(body("cut short", "{" + IMAGE, "body"));
        cases.add(body("a raw control character", "{" + IMAGE + ",\"prompt\":\"a\u0001b\"}", "body"));
        // byte order mark
        cases.add(body("a UTF-8 byte order mark", bytes(0xef, 0xbb, 0xbf, "{" + IMAGE + "}"), "body"));
        cases.add(body("a UTF-16 byte order mark", bytes(0xfe, 0xff, "{" + IMAGE + "}"), "body"));
        // duplicate keys
        cases.add(body("scale twice", "{" + IMAGE + ",\"scale\":2,\"scale\":4}", "scale"));
        cases.add(body("image twice", "{" + IMAGE + "," + IMAGE + "}", "image"));
        cases.add(body("a metadata key twice", "{" + IMAGE + ",\"metadata\":{\"order\":1,\"order\":2}}",
                "metadata.order"));
        // invalid and overlong UTF-8
        cases.add(body("a stray 0xff", promptWithBytes(0xff), "body"));
        cases.add(body("a lone continuation byte", promptWithBytes(0x80), "body"));
        cases.add(body("an overlong slash (2 bytes)", promptWithBytes(0xc0, 0xaf), "body"));
        cases.add(body("an overlong slash (3 bytes)", promptWithBytes(0xe0, 0x80, 0xaf), "body"));
        cases.add(body("an overlong NUL", promptWithBytes(0xc0, 0x80), "body"));
        cases.add(body("an encoded surrogate", promptWithBytes(0xed, 0xa0, 0x80), "body"));
        cases.add(body("a code point above U+10FFFF", promptWithBytes(0xf4, 0x90, 0x80, 0x80), "body"));
        cases.add(body("a truncated sequence", promptWithBytes(0xe2, 0x82), "body"));
        cases.add(body("Latin-1 text", promptWithBytes(0xe9, 0x74, 0xe9), "body"));
        // roots that are not objects
        for (String root : new String[] { "[]", "[{" + IMAGE + "}]", "\"https://images.example.com/cat.png\"", "2",
                "null", "true", "", " ", "\n" }) {
            cases.add(body("the root " + JSON.valueToTree(root), root, "body"));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badJsonBodies")
    void aBadJsonBodyIs400NamingTheField(String label, byte[] body, String field) {
        RawResponse answer = RawHttp.request("POST", "/v1/upscales").asAcme().json(body).send(gateway);

        JsonPath problem = assertProblem(answer, 400, "invalid_request");
        assertThat(problem.getList("errors.field", String.class)).contains(field);
    }

    static Stream<Arguments> undecodableFormFields() {
        return Stream.of(Arguments.of("an overlong slash", new int[] { 0xc0, 0xaf }),
                Arguments.of("a stray 0xff", new int[] { 0xff }),
                Arguments.of("an encoded surrogate", new int[] { 0xed, 0xa0, 0x80 }),
                Arguments.of("Latin-1 text", new int[] { 0xe9, 0x74, 0xe9 }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("undecodableFormFields")
    void aFormFieldThatIsNotUtf8Is400NamingIt(String label, int[] raw) {
        String boundary = "hostile-boundary";
        byte[] form = bytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n\u0089PNG\r\n\u001a\n\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\na").getBytes(StandardCharsets.ISO_8859_1),
                raw, "b\r\n--" + boundary + "--\r\n");
        RawResponse answer = RawHttp.request("POST", "/v1/upscales").asAcme()
                .body("multipart/form-data; boundary=" + boundary, form).send(gateway);

        JsonPath problem = assertProblem(answer, 400, "invalid_request");
        assertThat(problem.getList("errors.field", String.class)).containsExactly("prompt");
    }

    static Stream<Arguments> badSubmissionHeaders() {
        List<Arguments> cases = new ArrayList<>();
        for (String key : new String[] { "", " ", "\t", " \t ", "a b", "tab\tinside", "x".repeat(256), "\u00e9t\u00e9" }) {
            cases.add(headers("Idempotency-Key " + JSON.valueToTree(key), "Idempotency-Key", "Idempotency-Key", key));
        }
        cases.add(headers("two different Idempotency-Keys", "Idempotency-Key", "Idempotency-Key", "first",
                "Idempotency-Key", "second"));
        cases.add(headers("an Idempotency-Key and an empty one", "Idempotency-Key", "Idempotency-Key", "first",
                "Idempotency-Key", ""));
        for (String prefer : new String[] { "wait=abc", "wait=0", "wait=61", "wait=-1", "wait=1.5", "wait=+5",
                "wait= ", "wait", "wait=99999999999", "respond-async, wait=x", "WAIT=0" }) {
            cases.add(headers("Prefer " + JSON.valueToTree(prefer), "Prefer", "Prefer", prefer));
        }
        cases.add(headers("Prefer respond-async then Prefer wait=99", "Prefer", "Prefer", "respond-async", "Prefer",
                "wait=99"));
        cases.add(headers("Prefer wait=abc before Prefer wait=5 (the first counts)", "Prefer", "Prefer", "wait=abc",
                "Prefer", "wait=5"));
        String[] fifty = new String[102];
        for (int i = 0; i < 50; i++) {
            fifty[2 * i] = "Prefer";
            fifty[2 * i + 1] = "a=b";
        }
        fifty[100] = "Prefer";
        fifty[101] = "wait=abc";
        cases.add(headers("50 Prefer a=b then Prefer wait=abc", "Prefer", fifty));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSubmissionHeaders")
    void aBadSubmissionHeaderIs400NamingIt(String label, String field, String[] nameValuePairs) {
        RawHttp.Request request = RawHttp.request("POST", "/v1/upscales").asAcme();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            request.header(nameValuePairs[i], nameValuePairs[i + 1]);
        }
        RawResponse answer = request.json("{" + IMAGE + "}").send(gateway);

        JsonPath problem = assertProblem(answer, 400, "invalid_request");
        assertThat(problem.getList("errors.field", String.class)).containsExactly(field);
    }

    static Stream<String> badLastEventIds() {
        return Stream.of("x", "-1", "1.5", "1e3", "99999999999999999999", "0x10", "1 2", "+-1");
    }

    @ParameterizedTest(name = "Last-Event-ID: {0}")
    @MethodSource("badLastEventIds")
    void aBadLastEventIdIs400BeforeAnyEvent(String lastEventId) {
        RawResponse answer = RawHttp.request("GET", "/v1/upscales/" + JOB_ID + "/events").asAcme()
                .header("Last-Event-ID", " " + lastEventId).send(gateway);

        JsonPath problem = assertProblem(answer, 400, "invalid_request");
        assertThat(problem.getList("errors.field", String.class)).containsExactly("Last-Event-ID");
    }

    static Stream<Arguments> badAuthorizations() {
        String key = TestTenants.ACME_KEY;
        return Stream.of(
                Arguments.of("none", new String[0]),
                Arguments.of("empty", new String[] { "" }),
                Arguments.of("Bearer alone", new String[] { "Bearer" }),
                Arguments.of("Bearer and a space", new String[] { "Bearer " }),
                Arguments.of("an unknown key", new String[] { "Bearer not-a-tenant" }),
                Arguments.of("the key without a scheme", new String[] { key }),
                Arguments.of("Basic", new String[] { "Basic YWNtZTpzZWNyZXQ=" }),
                Arguments.of("Token scheme", new String[] { "Token " + key }),
                Arguments.of("Bearer and a tab", new String[] { "Bearer\t" + key }),
                Arguments.of("the key with a suffix", new String[] { "Bearer " + key + "x" }),
                Arguments.of("the key and a second word", new String[] { "Bearer " + key + " extra" }),
                Arguments.of("the key in the wrong case", new String[] { "Bearer " + key.toUpperCase() }),
                Arguments.of("a 4 KB key", new String[] { "Bearer " + "k".repeat(4_000) }),
                Arguments.of("two fields, one valid", new String[] { "Bearer " + key, "Bearer not-a-tenant" }),
                Arguments.of("the key twice in one field", new String[] { "Bearer " + key + ", Bearer " + key }));
    }

    @ParameterizedTest(name = "Authorization: {0}")
    @MethodSource("badAuthorizations")
    void aBadAuthorizationIs401WithAChallenge(String label, String[] authorizations) {
        for (String[] route : new String[][] { { "POST", "/v1/upscales" }, { "GET", "/v1/upscales" },
                { "GET", "/v1/upscales/" + JOB_ID }, { "GET", "/v1/upscales/" + JOB_ID + "/events" } }) {
            RawHttp.Request request = RawHttp.request(route[0], route[1]);
            Arrays.stream(authorizations).forEach(value -> request.header("Authorization", " " + value));
            RawResponse answer = route[0].equals("POST") ? request.json("{" + IMAGE + "}").send(gateway)
                    : request.send(gateway);

            assertProblem(answer, 401, "unauthenticated");
            assertThat(answer.header("WWW-Authenticate")).isEqualTo("Bearer");
            assertThat(answer.header("RateLimit")).isNull();
        }
    }

    static Stream<String> badListQueries() {
        return Stream.of("limit=0", "limit=101", "limit=-1", "limit=ten", "limit=1.5", "limit=", "limit=1e2",
                "limit=99999999999", "limit=%00", "limit=0x10", "status=done", "status=QUEUED", "status=",
                "status=queued,failed", "cursor=not-a-cursor!", "cursor=%FF%FE", "cursor=" + "A".repeat(3000),
                "limit=10&status=nope");
    }

    @ParameterizedTest(name = "?{0}")
    @MethodSource("badListQueries")
    void aBadListQueryIs400NamingTheParameter(String query) {
        RawResponse answer = RawHttp.request("GET", "/v1/upscales?" + query).asAcme().send(gateway);

        JsonPath problem = assertProblem(answer, 400, "invalid_request");
        String parameter = query.contains("status=nope") ? "status" : query.substring(0, query.indexOf('='));
        assertThat(problem.getList("errors.field", String.class)).containsExactly(parameter);
    }

    static Stream<String> pathsOfNoJob() {
        return Stream.of("/v1", "/v1/", "/v1/nothing", "/v1/UPSCALES", "/v1/upscales/" + JOB_ID + "/other",
                "/v1/upscales/" + JOB_ID + "/events/extra", "/v1/upscales/a%2Fb", "/v1/upscales/a%2F..%2Fb",
                "/v1/upscales/%2e%2e%2fnothing", "/v1/upscales/x/../../nothing", "/v1/upscales/./" + JOB_ID,
                "/v1/upscales/" + "A".repeat(3000), "/v1/upscales/%00", "/v1/upscales/%C0%AF",
                "/v1/upscales/%FF", "/v1/upscales/" + JOB_ID + "%20", "/v1/upscales/" + JOB_ID + ";x=1",
                "/v1/upscales/" + JOB_ID + "/events%2Fx");
    }

    @ParameterizedTest(name = "GET {0}")
    @MethodSource("pathsOfNoJob")
    void aPathNamingNoJobIs404(String path) {
        RawResponse answer = RawHttp.request("GET", path).asAcme().send(gateway);

        assertProblem(answer, 404, "not_found");
    }

    static Stream<Arguments> wrongMethods() {
        String job = "/v1/upscales/" + JOB_ID;
        return Stream.of(
                Arguments.of("DELETE", "/v1/upscales", "GET, HEAD, OPTIONS, POST"),
                Arguments.of("PUT", "/v1/upscales", "GET, HEAD, OPTIONS, POST"),
                Arguments.of("PATCH", "/v1/upscales", "GET, HEAD, OPTIONS, POST"),
                Arguments.of("DELETE", "/v1/upscales/", "GET, HEAD, OPTIONS, POST"),
                Arguments.of("POST", job, "GET, HEAD, OPTIONS"),
                Arguments.of("PUT", job, "GET, HEAD, OPTIONS"),
                Arguments.of("DELETE", job, "GET, HEAD, OPTIONS"),
                Arguments.of("PATCH", job, "GET, HEAD, OPTIONS"),
                Arguments.of("POST", job + "/events", "GET, HEAD, OPTIONS"),
                Arguments.of("PUT", job + "/events", "GET, HEAD, OPTIONS"),
                Arguments.of("DELETE", job + "/events", "GET, HEAD, OPTIONS"),
                Arguments.of("FOO", "/v1/upscales", "GET, HEAD, OPTIONS, POST"),
                Arguments.of("TRACE", job, "GET, HEAD, OPTIONS"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("wrongMethods")
    void aWrongMethodIs405WithTheAllowedOnes(String method, String path, String allowed) {
        RawHttp.Request request = RawHttp.request(method, path).asAcme();
        RawResponse answer = Set.of("DELETE", "TRACE").contains(method) ? request.send(gateway)
                : request.json("{" + IMAGE + "}").send(gateway);

        assertProblem(answer, 405, "method_not_allowed");
        assertThat(answer.header("Allow")).isEqualTo(allowed);
        RawResponse options = RawHttp.request("OPTIONS", path).asAcme().send(gateway);
        assertThat(methods(answer.header("Allow"))).isEqualTo(methods(options.header("Allow")));
    }

    private static Set<String> methods(String allow) {
        return Arrays.stream(allow.split(",")).map(String::strip).collect(Collectors.toSet());
    }

    private static Arguments body(String label, String json, String field) {
        return body(label, json.getBytes(StandardCharsets.UTF_8), field);
    }

    private static Arguments body(String label, byte[] json, String field) {
        return Arguments.of(label, json, field);
    }

    private static Arguments headers(String label, String field, String... nameValuePairs) {
        return Arguments.of(label, field, nameValuePairs);
    }

    /** A valid body whose prompt holds the given raw bytes. */
    private static byte[] promptWithBytes(int... raw) {
        return bytes(("{" + IMAGE + ",\"prompt\":\"a").getBytes(StandardCharsets.UTF_8), raw, "b\"}");
    }

    private static byte[] bytes(int first, int second, int third, String rest) {
        return bytes(new byte[0], new int[] { first, second, third }, rest);
    }

    private static byte[] bytes(int first, int second, String rest) {
        return bytes(new byte[0], new int[] { first, second }, rest);
    }

    private static byte[] bytes(byte[] head, int[] raw, String tail) {
        byte[] tailBytes = tail.getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(head, head.length + raw.length + tailBytes.length);
        for (int i = 0; i < raw.length; i++) {
            all[head.length + i] = (byte) raw[i];
        }
        System.arraycopy(tailBytes, 0, all, head.length + raw.length, tailBytes.length);
        return all;
    }
}
