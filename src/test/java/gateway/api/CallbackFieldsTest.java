package gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import gateway.api.UpscaleRequestReader.UpscaleRequest;
import gateway.job.JobStatus;

/** The callbackUrl and callbackEvents fields, read by the rules of the field table, in JSON and in a form. */
class CallbackFieldsTest {

    private static final String IMAGE = "\"image\":\"https://example.com/a.png\"";

    private final UpscaleRequestReader reader = new UpscaleRequestReader(new ObjectMapper());

    @Test
    void readsAUrlAndASetOfStatuses() {
        UpscaleRequest request = reader.readJson(("{" + IMAGE + ",\"callbackUrl\":\"https://hooks.example.com/a?b=c\","
                + "\"callbackEvents\":[\"failed\",\"processing\"]}").getBytes());

        assertThat(request.callbackUrl()).isEqualTo("https://hooks.example.com/a?b=c");
        assertThat(request.callbackEvents()).containsExactly(JobStatus.PROCESSING, JobStatus.FAILED);
    }

    @Test
    void leavesBothAbsentWhenNotGivenOrNull() {
        UpscaleRequest request = reader.readJson(("{" + IMAGE + ",\"callbackUrl\":null}").getBytes());

        assertThat(request.callbackUrl()).isNull();
        assertThat(request.callbackEvents()).isNull();
    }

    @Test
    void readsTheEventsOfAFormAsJsonText() {
        UpscaleRequest request = reader.readForm(Map.of("callbackUrl", "http://10.0.0.1:8080/hook",
                "callbackEvents", "[\"completed\"]"));

        assertThat(request.callbackUrl()).isEqualTo("http://10.0.0.1:8080/hook");
        assertThat(request.callbackEvents()).containsExactly(JobStatus.COMPLETED);
    }

    @Test
    void refusesEveryMalformedOneInOneAnswer() {
        assertThat(errors("\"callbackUrl\":\"https://user:secret@hooks.example.com/\",\"callbackEvents\":[]"))
                .containsExactlyInAnyOrder(
                        tuple("callbackUrl", "must be an absolute http or https URL without user info"),
                        tuple("callbackEvents", "must be a non-empty array of job statuses"));
        assertThat(errors("\"callbackUrl\":\"/relative\",\"callbackEvents\":[\"done\"]")).containsExactlyInAnyOrder(
                tuple("callbackUrl", "must be an absolute http or https URL without user info"),
                tuple("callbackEvents", "must hold only queued, processing, completed or failed"));
        assertThat(errors("\"callbackUrl\":42,\"callbackEvents\":[\"failed\",\"failed\"]")).containsExactlyInAnyOrder(
                tuple("callbackUrl", "must be a string"), tuple("callbackEvents", "names failed more than once"));
        String tooLong = "https://h.example/" + "a".repeat(2048);
        assertThat(errors("\"callbackUrl\":\"" + tooLong + "\",\"callbackEvents\":\"failed\""))
                .containsExactlyInAnyOrder(tuple("callbackUrl", "must be at most 2048 characters"),
                        tuple("callbackEvents", "must be a non-empty array of job statuses"));
        assertThat(formErrors(Map.of("callbackEvents", "completed"))).containsExactly(
                tuple("callbackEvents", "must be a non-empty array of job statuses"));
    }

    private List<Tuple> errors(String fields) {
        return fieldErrors(() -> reader.readJson(("{" + IMAGE + "," + fields + "}").getBytes()));
    }

    private List<Tuple> formErrors(Map<String, String> fields) {
        return fieldErrors(() -> reader.readForm(fields));
    }

    private static List<Tuple> fieldErrors(Runnable read) {
        InvalidRequestException[] thrown = new InvalidRequestException[1];
        assertThatThrownBy(read::run).isInstanceOfSatisfying(InvalidRequestException.class, e -> thrown[0] = e);
        return thrown[0].fieldErrors().stream().map(error -> tuple(error.field(), error.message())).toList();
    }
}
