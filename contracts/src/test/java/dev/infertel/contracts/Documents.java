package dev.infertel.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** Reads test documents from the class path into Jackson trees; YAML through its JSON data model. */
final class Documents {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Documents() {
    }

    static JsonNode read(String resource) {
        return resource.endsWith(".yaml") ? yaml(resource) : json(resource);
    }

    static JsonNode json(String resource) {
        try (InputStream in = Contracts.open(resource)) {
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode yaml(String resource) {
        try (InputStream in = Contracts.open(resource)) {
            Object data = new Load(LoadSettings.builder().build()).loadFromInputStream(in);
            return MAPPER.valueToTree(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
