package dev.infertel.agent.otlp;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/** Attributes in the OTLP/HTTP JSON encoding: each as {@code {"key": ..., "value": {"<kind>Value": ...}}}. */
public record JsonAttributes(JsonGenerator g) implements AttributeWriter<IOException> {

    @Override
    public void string(String key, String value) throws IOException {
        start(key);
        g.writeStringField("stringValue", value);
        end();
    }

    @Override
    public void integer(String key, long value) throws IOException {
        start(key);
        g.writeStringField("intValue", Long.toString(value));
        end();
    }

    @Override
    public void dbl(String key, double value) throws IOException {
        start(key);
        g.writeNumberField("doubleValue", value);
        end();
    }

    @Override
    public void bool(String key, boolean value) throws IOException {
        start(key);
        g.writeBooleanField("boolValue", value);
        end();
    }

    @Override
    public void strings(String key, List<String> values) throws IOException {
        start(key);
        g.writeObjectFieldStart("arrayValue");
        g.writeArrayFieldStart("values");
        for (String v : values) {
            g.writeStartObject();
            g.writeStringField("stringValue", v);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        end();
    }

    private void start(String key) throws IOException {
        g.writeStartObject();
        g.writeStringField("key", key);
        g.writeObjectFieldStart("value");
    }

    private void end() throws IOException {
        g.writeEndObject();
        g.writeEndObject();
    }
}
