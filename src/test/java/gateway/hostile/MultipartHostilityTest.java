package gateway.hostile;

import static gateway.hostile.HostileAnswers.assertProblem;
import static gateway.hostile.HostileAnswers.submit;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import gateway.support.WireMockProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * A multipart body framed badly is a 400 naming what is wrong, decided before anything is uploaded: Apiframe
 * receives neither an upload nor a submission, and the log gets no trace.
 */
@QuarkusTest
@TestProfile(WireMockProfile.class)
class MultipartHostilityTest extends HostileSuite {

    private static final String TYPE = "multipart/form-data; boundary=XYZ";
    /** PNG's signature and a little more: the gateway recognises an image by its first bytes. */
    private static final String PNG = "\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR";
    private static final String FILE_PART = "--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"
            + "Content-Type: image/png\r\n\r\n" + PNG + "\r\n";
    private static final String END = "--XYZ--\r\n";

    static Stream<Arguments> badlyFramedBodies() {
        String unnamed = "needs a 'Content-Disposition: form-data' header with a name";
        String unfinished = "ends before the closing boundary";
        String malformed = "is not well-formed multipart/form-data";
        return Stream.of(
                Arguments.of("a part without a name",
                        "--XYZ\r\nContent-Disposition: form-data\r\n\r\n2\r\n" + FILE_PART + END, "body", unnamed),
                Arguments.of("a part without Content-Disposition",
                        "--XYZ\r\nContent-Type: text/plain\r\n\r\n2\r\n" + FILE_PART + END, "body", unnamed),
                Arguments.of("an attachment disposition", FILE_PART.replace("form-data;", "attachment;") + END,
                        "body", unnamed),
                Arguments.of("no closing boundary", FILE_PART, "body", unfinished),
                Arguments.of("a body cut inside the file", FILE_PART.substring(0, FILE_PART.length() - 6), "body",
                        unfinished),
                Arguments.of("a boundary other than the declared one", FILE_PART.replace("XYZ", "ABC") + "--ABC--\r\n",
                        "body", unfinished),
                Arguments.of("an empty body", "", "body", unfinished),
                Arguments.of("a part header without a colon",
                        "--XYZ\r\nContent-Disposition form-data; name=\"scale\"\r\n\r\n2\r\n" + FILE_PART + END,
                        "body", malformed),
                Arguments.of("a line break in a filename", FILE_PART.replace("a.png", "a\r\n.png") + END, "body",
                        malformed),
                Arguments.of("a nested multipart/mixed",
                        "--XYZ\r\nContent-Disposition: form-data; name=\"file\"\r\n"
                                + "Content-Type: multipart/mixed; boundary=INNER\r\n\r\n--INNER\r\n"
                                + "Content-Disposition: file; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n"
                                + PNG + "\r\n--INNER--\r\n\r\n" + END,
                        "file", "must be the image itself"),
                Arguments.of("1,001 form fields", IntStream.range(0, 1001)
                        .mapToObj(i -> "--XYZ\r\nContent-Disposition: form-data; name=\"f" + i + "\"\r\n\r\nv\r\n")
                        .collect(Collectors.joining()) + FILE_PART + END, "body", "has more parts than"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badlyFramedBodies")
    void aBadlyFramedMultipartIs400NamingTheProblemWithNothingUploaded(String shape, String body, String field,
            String message) {
        JsonPath problem = assertProblem(submit(gateway, TYPE, body.getBytes(StandardCharsets.ISO_8859_1)), 400,
                "invalid_request");

        assertThat(problem.getString("errors[0].field")).isEqualTo(field);
        assertThat(problem.getString("errors[0].message")).contains(message);
    }
}
