package dev.infertel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.infertel.contracts.Contracts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reading records (JSONL lines) and checking them against the contract schema. */
public final class Records {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static JsonSchema schema;

    private Records() {
    }

    public static List<JsonNode> readJsonl(Path file) throws IOException {
        return Files.exists(file) ? parseLines(Files.readAllLines(file, StandardCharsets.UTF_8)) : List.of();
    }

    public static List<JsonNode> parseLines(List<String> lines) {
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : lines) {
            if (!line.isBlank()) {
                try {
                    parsed.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new UncheckedIOException("not a JSON line: " + line, e);
                }
            }
        }
        return parsed;
    }

    public static synchronized JsonSchema schema() {
        if (schema == null) {
            try (InputStream in = Contracts.open(Contracts.RECORD_SCHEMA)) {
                schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return schema;
    }

    public static void assertValid(JsonNode record) {
        Set<ValidationMessage> errors = schema().validate(record);
        assertEquals(Set.of(), errors, () -> "record breaks the contract: " + record);
    }
}
