package dev.infertel.agent.sink;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.infertel.agent.otlp.JsonAttributes;
import dev.infertel.agent.record.TelemetryRecord;
import java.io.IOException;
import java.util.List;

/**
 * Records as an OTLP {@code ExportLogsServiceRequest} in the OTLP/HTTP JSON encoding (lowerCamelCase
 * field names, 64-bit integers as strings, enums as numbers). One log record per call, with the
 * attributes {@link OtlpLogRecords} lists; records are grouped by the process that made them
 * (resource: see {@link OtlpLogRecords#resource}). A call made inside an OpenTelemetry span carries
 * its {@code traceId} and {@code spanId}, written as hex as OTLP/JSON requires (not protobuf JSON's base64).
 */
public final class OtlpLogsJson {

    public static final String SCOPE = OtlpLogRecords.SCOPE;
    public static final String EVENT_NAME = OtlpLogRecords.EVENT_NAME;

    private final String serviceName;

    public OtlpLogsJson(String serviceName) {
        this.serviceName = serviceName;
    }

    public void write(JsonGenerator g, List<TelemetryRecord> batch, long observedNanos) throws IOException {
        JsonAttributes attributes = new JsonAttributes(g);
        g.writeStartObject();
        g.writeArrayFieldStart("resourceLogs");
        for (List<TelemetryRecord> records : OtlpLogRecords.byProcess(batch)) {
            g.writeStartObject();
            g.writeObjectFieldStart("resource");
            g.writeArrayFieldStart("attributes");
            OtlpLogRecords.resource(serviceName, records.get(0), attributes);
            g.writeEndArray();
            g.writeEndObject();
            g.writeArrayFieldStart("scopeLogs");
            g.writeStartObject();
            g.writeObjectFieldStart("scope");
            g.writeStringField("name", OtlpLogRecords.SCOPE);
            g.writeStringField("version", OtlpLogRecords.SCOPE_VERSION);
            g.writeEndObject();
            g.writeArrayFieldStart("logRecords");
            for (TelemetryRecord r : records) {
                logRecord(g, r, observedNanos, attributes);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void logRecord(JsonGenerator g, TelemetryRecord r, long observedNanos, JsonAttributes attributes)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("timeUnixNano", Long.toString(OtlpLogRecords.timeUnixNano(r)));
        g.writeStringField("observedTimeUnixNano", Long.toString(observedNanos));
        g.writeNumberField("severityNumber", OtlpLogRecords.severityNumber(r));
        g.writeStringField("severityText", OtlpLogRecords.severityText(r));
        g.writeStringField("eventName", OtlpLogRecords.EVENT_NAME);
        if (r.traceId() != null) {
            g.writeStringField("traceId", r.traceId());
            g.writeStringField("spanId", r.spanId());
        }
        g.writeObjectFieldStart("body");
        g.writeStringField("stringValue", OtlpLogRecords.body(r));
        g.writeEndObject();
        g.writeArrayFieldStart("attributes");
        OtlpLogRecords.attributes(r, attributes);
        g.writeEndArray();
        g.writeEndObject();
    }
}
