package gateway.emulator;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;

import io.vertx.core.json.JsonObject;

/**
 * Apiframe's rules for what the emulator is sent, taken from the vendored excerpt of Apiframe's OpenAPI document
 * ({@code src/main/resources/apiframe/openapi-excerpt.json}) and compiled once: the {@code clarity-upscale} branch
 * of {@code ImageUpscaleRequest} (the one model the emulator runs), the {@code Idempotency-Key} header and the job
 * id of {@code GET /v2/jobs/{id}}. Problems are reported as Apiframe's 400 lists them ({@link ValidationDetails}).
 */
@ApplicationScoped
class ApiframeRules {

    static final String PARAMS = "clarityUpscaleParams";
    private static final String EXCERPT = "apiframe/openapi-excerpt.json";
    private static final String DOCUMENT = "classpath:" + EXCERPT;
    /** The {@code clarity-upscale} branch; the other one is Topaz's. */
    private static final String CLARITY_REQUEST = "/components/schemas/ImageUpscaleRequest/oneOf/1";
    private static final String IDEMPOTENCY_KEY = "/components/parameters/IdempotencyKey/schema";
    private static final String JOB_ID = "/paths/~1v2~1jobs~1{id}/get/parameters/0/schema";
    private static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
    /** The document holding the schemas is OpenAPI: its own fields are no schema keywords to warn about. */
    private static final List<String> OPENAPI_FIELDS = List.of("openapi", "info", "servers", "paths", "components");

    private final Schema clarityRequest;
    private final Schema idempotencyKey;
    private final Schema jobId;

    ApiframeRules() {
        // OpenAPI 3.1's dialect, with format checked (JSON Schema only annotates it) and uri read as a fetchable URL
        Dialect dialect = Dialect.builder(Dialects.getOpenApi31())
                .keywords(OPENAPI_FIELDS.stream().map(NonValidationKeyword::new).toList())
                .format(new FetchableUrlFormat())
                .build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(dialect, builder -> builder
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
        clarityRequest = compile(registry, CLARITY_REQUEST);
        idempotencyKey = compile(registry, IDEMPOTENCY_KEY);
        jobId = compile(registry, JOB_ID);
    }

    /** Where the rules come from, for the emulator's start-up line. */
    String source() {
        return EXCERPT;
    }

    /** The problems of an upscale request body by JSON path; empty when Apiframe would accept it. */
    Map<String, List<String>> validate(JsonObject request) {
        return ValidationDetails.of(clarityRequest.validate(request.mapTo(JsonNode.class)), "");
    }

    /** The problem with an {@code Idempotency-Key} header, under that name; empty when it is fine or absent. */
    Map<String, List<String>> validateIdempotencyKey(String key) {
        if (key == null) {
            return Map.of();
        }
        return ValidationDetails.of(idempotencyKey.validate(TextNode.valueOf(key)), IDEMPOTENCY_KEY_HEADER);
    }

    boolean isJobId(String id) {
        return jobId.validate(TextNode.valueOf(id)).isEmpty();
    }

    private static Schema compile(SchemaRegistry registry, String pointer) {
        Schema schema = registry.getSchema(SchemaLocation.of(DOCUMENT + "#" + pointer));
        schema.initializeValidators();
        return schema;
    }
}
