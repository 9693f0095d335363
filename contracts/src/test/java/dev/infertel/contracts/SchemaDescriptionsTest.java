package dev.infertel.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The schemas are the reference users read: every property says what it is and in which unit. */
class SchemaDescriptionsTest {

    @ParameterizedTest
    @ValueSource(strings = {Contracts.RECORD_SCHEMA, Contracts.CONFIG_SCHEMA})
    void everyPropertyHasADescription(String resource) {
        JsonNode root = Documents.json(resource);
        List<String> undocumented = new ArrayList<>();
        collect(root, root, "$", undocumented);
        assertEquals(List.of(), undocumented);
    }

    /** Subschemas that only test a document: their "properties" define nothing. */
    private static final Set<String> CONDITIONS = Set.of("if", "not");

    /** Walks every subschema; a property is documented by its own description or its $ref target's. */
    private static void collect(JsonNode root, JsonNode schema, String where, List<String> undocumented) {
        if (schema.isArray()) {
            for (int i = 0; i < schema.size(); i++) {
                collect(root, schema.get(i), where + "[" + i + "]", undocumented);
            }
            return;
        }
        if (!schema.isObject()) {
            return;
        }
        JsonNode properties = schema.get("properties");
        if (properties != null && properties.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                if (!documented(root, p.getValue())) {
                    undocumented.add(where + ".properties." + p.getKey());
                }
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> child = it.next();
            if (CONDITIONS.contains(child.getKey())) {
                continue;
            }
            collect(root, child.getValue(), where + "." + child.getKey(), undocumented);
        }
    }

    private static boolean documented(JsonNode root, JsonNode property) {
        if (property.hasNonNull("description") && !property.get("description").asText().isBlank()) {
            return true;
        }
        JsonNode ref = property.get("$ref");
        return ref != null && ref.asText().startsWith("#/")
                && documented(root, root.at(ref.asText().substring(1)));
    }
}
