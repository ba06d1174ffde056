package gateway.api;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;

/**
 * Adds the {@code UpscaleRequest} schema, the JSON body of {@code POST /v1/upscales}, to the OpenAPI document, made
 * from the {@link UpscaleFields} that {@link UpscaleRequestReader} enforces. Registered by {@code mp.openapi.filter}.
 */
public class UpscaleRequestSchema implements OASFilter {

    static final String NAME = "UpscaleRequest";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        Components components = openAPI.getComponents();
        Map<String, Schema> schemas = new TreeMap<>(components.getSchemas() == null ? Map.of()
                : components.getSchemas());
        schemas.put(NAME, schema());
        components.setSchemas(schemas); // in name order, like the schemas read from the annotations
    }

    static Schema schema() {
        Schema schema = OASFactory.createSchema().type(List.of(SchemaType.OBJECT))
                .required(UpscaleFields.ALL.stream().filter(FieldRule::required).map(FieldRule::name).toList())
                .additionalPropertiesBoolean(false);
        UpscaleFields.ALL.forEach(rule -> schema.addProperty(rule.name(), property(rule)));
        return schema;
    }

    private static Schema property(FieldRule rule) {
        Schema property = OASFactory.createSchema();
        switch (rule.kind()) {
            case URL -> property.type(List.of(SchemaType.STRING)).format("uri").maxLength(rule.maxLength());
            case TEXT -> property.type(List.of(SchemaType.STRING));
            case INTEGER -> property.type(List.of(SchemaType.INTEGER)).format("int32");
            case INT64 -> property.type(List.of(SchemaType.INTEGER)).format("int64");
            case NUMBER -> property.type(List.of(SchemaType.NUMBER)).format("double");
            case OBJECT -> property.type(List.of(SchemaType.OBJECT))
                    .additionalPropertiesSchema(OASFactory.createSchema());
            case SET -> property.type(List.of(SchemaType.ARRAY)).minItems(1).uniqueItems(true)
                    .items(OASFactory.createSchema().type(List.of(SchemaType.STRING)).enumeration(rule.allowed()));
        }
        if (rule.kind() == FieldRule.Kind.SET) {
            return describe(property, rule); // its values are its items'
        }
        if (!rule.allowed().isEmpty()) {
            // the values say more than any bound: a bound is shown only where no list of values is
            property.enumeration(rule.allowed()).defaultValue(rule.byDefault());
        } else {
            if (rule.kind() == FieldRule.Kind.TEXT) {
                property.maxLength(rule.maxLength());
            }
            if (rule.minimum() != null) {
                property.maximum(decimal(rule.maximum())).minimum(decimal(rule.minimum()));
            }
        }
        return describe(property, rule);
    }

    private static Schema describe(Schema property, FieldRule rule) {
        if (rule.kind() == FieldRule.Kind.OBJECT) {
            property.description("at most " + rule.maxLength() / 1024 + " KiB serialized; " + rule.description());
        } else if (rule.description() != null) {
            property.description(rule.description());
        }
        return property;
    }

    /** As a JSON number without a fraction where there is none: {@code 1}, not {@code 1.0}. */
    private static BigDecimal decimal(Number bound) {
        return new BigDecimal(BigDecimal.valueOf(bound.doubleValue()).stripTrailingZeros().toPlainString());
    }
}
