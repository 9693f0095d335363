package dev.infertel.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Checks JSON against one of the contracts' schemas (the record schema unless told otherwise) and
 * returns the problems as readable lines. Self-contained on purpose: another module's tests can copy
 * it, given test dependencies on this module, com.networknt:json-schema-validator and jackson-databind.
 */
public final class RecordValidator {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final JsonSchema schema;

    private RecordValidator(JsonSchema schema) {
        this.schema = schema;
    }

    public static RecordValidator records() {
        return of(Contracts.RECORD_SCHEMA);
    }

    public static RecordValidator of(String schemaResource) {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        try (InputStream in = Contracts.open(schemaResource)) {
            return new RecordValidator(factory.getSchema(MAPPER.readTree(in), config));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Problems with one JSON document (e.g. one JSONL line); empty when it is valid. */
    public List<String> problems(String json) {
        try {
            return problems(MAPPER.readTree(json));
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
    }

    public List<String> problems(JsonNode node) {
        return schema.validate(node).stream()
                .map(ValidationMessage::getMessage)
                .sorted()
                .collect(Collectors.toList());
    }

    /** Throws an AssertionError listing every problem when {@code json} is not valid. */
    public void assertValid(String json) {
        List<String> problems = problems(json);
        if (!problems.isEmpty()) {
            throw new AssertionError("not valid against the schema:\n  " + String.join("\n  ", problems)
                    + "\nin: " + json);
        }
    }
}
