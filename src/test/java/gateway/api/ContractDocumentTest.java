package gateway.api;

import static gateway.support.MarkdownTables.rows;
import static io.restassured.RestAssured.given;
import static java.util.stream.Collectors.toCollection;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import gateway.job.JobError;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappingInterface;
import io.smallrye.config.ConfigMappings;

/**
 * {@code src/main/docs/contract.md} against the gateway itself: its route table against the OpenAPI document the
 * gateway serves, its field table against the submission's schema there, its problem table against every problem the
 * sources can send, its job error table against {@link JobError}, and its configuration tables against every
 * {@code gateway.*} key the config mappings read and every {@code quarkus.*} value application.properties sets.
 */
@QuarkusTest
class ContractDocumentTest {

    private static final Path CONTRACT = Path.of("src/main/docs/contract.md");
    private static final Path MAIN_SOURCES = Path.of("src/main/java");
    private static final Path EMULATOR_SOURCES = MAIN_SOURCES.resolve("gateway/emulator");
    private static final Path MAIN_CLASSES = Path.of("target/classes");
    private static final Path APPLICATION_PROPERTIES = Path.of("src/main/resources/application.properties");
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");
    private static final Pattern STATUS = Pattern.compile("\\b[1-5]\\d\\d\\b");
    // every problem is made with its status and code side by side: Problem.of(400, "invalid_request", ...)
    private static final Pattern PROBLEM = Pattern.compile("\\b([1-5]\\d\\d),\\s*\"([a-z][a-z_]*)\"");
    private static final Pattern RANGE = Pattern.compile("(-?[0-9.]+)\\.\\.(-?[0-9.]+)");
    private static final Pattern MAX_LENGTH = Pattern.compile("at most (\\d+) chars");
    private static final String ONE_OF = "one of ";
    private static final String NONE = "—";

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theRouteTableNamesEveryOperationOfTheServedOpenApiDocumentAndNoOther() throws IOException {
        assertThat(documentedStatuses().keySet()).isEqualTo(servedStatuses().keySet());
    }

    @Test
    void eachOperationServesExactlyTheStatusesOfItsRouteTableRow() throws IOException {
        Map<String, Set<Integer>> served = servedStatuses();
        SoftAssertions softly = new SoftAssertions();
        documentedStatuses().forEach((operation, statuses) -> softly.assertThat(served.get(operation))
                .as("statuses of %s", operation).isEqualTo(statuses));
        softly.assertAll();
    }

    @Test
    void theFieldTableIsTheSchemaOfTheJsonSubmission() throws IOException {
        JsonNode openApi = openApi();
        JsonNode schema = resolve(openApi,
                openApi.at("/paths/~1v1~1upscales/post/requestBody/content/application~1json/schema"));
        Set<String> required = new TreeSet<>();
        schema.path("required").forEach(name -> required.add(name.asText()));
        Map<String, FieldRule> served = new TreeMap<>();
        schema.path("properties").fields().forEachRemaining(property -> served.put(property.getKey(),
                FieldRule.served(property.getValue(), required.contains(property.getKey()))));

        Map<String, FieldRule> documented = new TreeMap<>();
        rows(contract(), "field", "type", "bounds", "default", "rule", "sent to Apiframe as")
                .forEach(row -> documented.put(unquote(row.get("field")), FieldRule.documented(row)));

        assertThat(documented).isEqualTo(served);
        assertThat(schema.path("additionalProperties").asBoolean(true)).as("unknown fields are refused").isFalse();
    }

    @Test
    void theProblemTableHasEveryProblemTheCodeCanSendAndNoOther() throws IOException {
        Set<String> sent = problemsInSources();
        assertThat(sent).as("problems found in the sources").contains("400 invalid_request", "401 unauthenticated");

        Set<String> documented = rows(contract(), "status", "code", "when", "Retry-After").stream()
                .filter(row -> row.get("status").matches("\\d{3}")) // 4xx http_<status>: the fallback for the rest
                .map(row -> row.get("status") + " " + unquote(row.get("code")))
                .collect(toCollection(TreeSet::new));

        assertThat(documented).isEqualTo(sent);
    }

    @Test
    void theJobErrorTableHasEveryJobErrorCode() throws IllegalAccessException, IOException {
        Set<String> codes = new TreeSet<>();
        for (Field field : JobError.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                codes.add((String) field.get(null));
            }
        }
        Set<String> documented = rows(contract(), "job error code", "meaning").stream()
                .map(row -> unquote(row.get("job error code"))).collect(toCollection(TreeSet::new));

        assertThat(documented).isEqualTo(codes);
    }

    @Test
    void theConfigurationTablesNameEveryGatewayKeyTheCodeReadsWithItsDefault() throws IOException {
        Map<String, ConfigMappingInterface.Property> read = gatewayProperties();
        assertThat(read).as("keys read by the config mappings").containsKey("gateway.store");
        Map<String, String> documented = new TreeMap<>(documentedConfiguration());
        documented.keySet().removeIf(key -> !key.startsWith("gateway."));

        assertThat(documented.keySet()).isEqualTo(read.keySet());
        SoftAssertions softly = new SoftAssertions();
        read.forEach((key, property) -> {
            if (property.hasDefaultValue()) {
                softly.assertThat(documented.get(key)).as("default of %s", key)
                        .contains("`" + property.getDefaultValue() + "`");
            }
        });
        softly.assertAll();
    }

    @Test
    void theQuarkusKeysOfTheConfigurationTableDefaultToWhatApplicationPropertiesSets() throws IOException {
        Properties set = new Properties();
        try (Reader reader = Files.newBufferedReader(APPLICATION_PROPERTIES, StandardCharsets.UTF_8)) {
            set.load(reader);
        }
        List<String> checked = new ArrayList<>();
        SoftAssertions softly = new SoftAssertions();
        documentedConfiguration().forEach((key, defaultValue) -> {
            if (key.startsWith("quarkus.") && set.containsKey(key)) {
                checked.add(key);
                softly.assertThat(defaultValue).as("default of %s", key).contains("`" + set.getProperty(key) + "`");
            }
        });
        softly.assertAll();
        assertThat(checked).contains("quarkus.rest-client.apiframe.url", "quarkus.management.port");
    }

    /** What the contract says of one request body field, in the terms an OpenAPI schema can carry. */
    record FieldRule(String type, boolean required, String minimum, String maximum, String maxLength,
            List<String> oneOf, String defaultValue) {

        static FieldRule served(JsonNode property, boolean required) {
            List<String> oneOf = null;
            if (property.has("enum")) {
                oneOf = new ArrayList<>();
                for (JsonNode value : property.get("enum")) {
                    oneOf.add(value.asText());
                }
            }
            return new FieldRule(property.path("type").asText(null), required, number(property.get("minimum")),
                    number(property.get("maximum")), number(property.get("maxLength")), oneOf,
                    property.has("default") ? property.get("default").asText() : null);
        }

        static FieldRule documented(Map<String, String> row) {
            String bounds = row.get("bounds");
            Matcher range = RANGE.matcher(bounds);
            Matcher maxLength = MAX_LENGTH.matcher(bounds);
            boolean ranged = range.matches();
            String defaultValue = row.get("default");
            return new FieldRule(row.get("type"), row.get("rule").startsWith("required"),
                    ranged ? plain(range.group(1)) : null, ranged ? plain(range.group(2)) : null,
                    maxLength.matches() ? maxLength.group(1) : null,
                    bounds.startsWith(ONE_OF) ? List.of(bounds.substring(ONE_OF.length()).split(",\\s*")) : null,
                    defaultValue.equals(NONE) ? null : unquote(defaultValue));
        }

        private static String number(JsonNode value) {
            return value == null ? null : plain(value.asText());
        }

        private static String plain(String number) {
            return new BigDecimal(number).stripTrailingZeros().toPlainString();
        }
    }

    private Map<String, Set<Integer>> documentedStatuses() throws IOException {
        Map<String, Set<Integer>> statuses = new TreeMap<>();
        for (Map<String, String> row : rows(contract(), "method", "path", "statuses", "what")) {
            statuses.put(unquote(row.get("method")) + " " + unquote(row.get("path")), statusesIn(row.get("statuses")));
        }
        assertThat(statuses).as("rows of the route table").isNotEmpty();
        return statuses;
    }

    private Map<String, Set<Integer>> servedStatuses() throws IOException {
        Map<String, Set<Integer>> statuses = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = openApi().path("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fields().forEachRemaining(operation -> {
                if (HTTP_METHODS.contains(operation.getKey())) {
                    Set<Integer> codes = new TreeSet<>();
                    operation.getValue().path("responses").fieldNames()
                            .forEachRemaining(code -> codes.add(Integer.valueOf(code)));
                    statuses.put(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), codes);
                }
            });
        }
        return statuses;
    }

    /** Every {@code (status, "code")} pair in the gateway's sources; the emulator's answers are Apiframe's, not ours. */
    private static Set<String> problemsInSources() throws IOException {
        Set<String> problems = new TreeSet<>();
        try (Stream<Path> files = Files.walk(MAIN_SOURCES)) {
            for (Path file : files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> !file.startsWith(EMULATOR_SOURCES)).toList()) {
                Matcher problem = PROBLEM.matcher(Files.readString(file));
                while (problem.find()) {
                    problems.add(problem.group(1) + " " + problem.group(2));
                }
            }
        }
        return problems;
    }

    /**
     * Every {@code gateway.*} key of every {@code @ConfigMapping} among the compiled classes, found by name so the
     * mappings may live in any package: map keys read as {@code *}, and a list's indexed form as the list.
     */
    private static Map<String, ConfigMappingInterface.Property> gatewayProperties() throws IOException {
        Map<String, ConfigMappingInterface.Property> properties = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN_CLASSES)) {
            for (Path file : files.filter(file -> file.toString().endsWith(".class")).toList()) {
                // the annotation's descriptor is in the class file of every mapping, and of few others
                if (!new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)
                        .contains("Lio/smallrye/config/ConfigMapping;")) {
                    continue;
                }
                Class<?> type = loadClass(file);
                ConfigMapping mapping = type.getAnnotation(ConfigMapping.class);
                if (mapping != null && (mapping.prefix().equals("gateway") || mapping.prefix().startsWith("gateway."))) {
                    ConfigMappings.getProperties(ConfigMappings.ConfigClass.configClass(type, mapping.prefix()))
                            .forEach((key, property) -> properties.merge(key.replace("[*]", ""), property,
                                    (kept, same) -> kept.hasDefaultValue() ? kept : same));
                }
            }
        }
        return properties;
    }

    private static Class<?> loadClass(Path file) {
        String relative = MAIN_CLASSES.relativize(file).toString();
        String name = relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
        try {
            return Class.forName(name, false, ContractDocumentTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("A compiled class the test's class loader does not know: " + name, e);
        }
    }

    /** Key to default, from every configuration table; {@code <tenant>} placeholders read as {@code *}. */
    private static Map<String, String> documentedConfiguration() throws IOException {
        Map<String, String> keys = new TreeMap<>();
        for (Map<String, String> row : rows(contract(), "key", "default", "meaning")) {
            String key = unquote(row.get("key")).replaceAll("<[^>]+>", "*");
            assertThat(keys.put(key, row.get("default"))).as("a second row for %s", key).isNull();
        }
        return keys;
    }

    private JsonNode openApi() throws IOException {
        return json.readTree(given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().asString());
    }

    private static JsonNode resolve(JsonNode document, JsonNode schema) {
        String ref = schema.path("$ref").asText(null);
        return ref == null ? schema : document.at(ref.substring(1));
    }

    private static Set<Integer> statusesIn(String cell) {
        Set<Integer> statuses = new TreeSet<>();
        Matcher status = STATUS.matcher(cell);
        while (status.find()) {
            statuses.add(Integer.valueOf(status.group()));
        }
        return statuses;
    }

    private static String contract() throws IOException {
        return Files.readString(CONTRACT);
    }

    private static String unquote(String cell) {
        return cell.replace("`", "");
    }
}
