package dev.infertel.agent.sink;

import dev.infertel.agent.otlp.ProtoAttributes;
import dev.infertel.agent.otlp.ProtoWriter;
import dev.infertel.agent.record.TelemetryRecord;
import java.util.List;

/**
 * Records as an OTLP {@code ExportLogsServiceRequest} in the protobuf encoding: the same content as
 * {@link OtlpLogsJson} (the attributes come from {@link OtlpLogRecords}), field numbers from
 * opentelemetry-proto's {@code logs/v1/logs.proto} and {@code common/v1/common.proto}.
 */
public final class OtlpLogsProto {

    // ExportLogsServiceRequest / LogsData
    private static final int RESOURCE_LOGS = 1;
    // ResourceLogs
    private static final int RESOURCE = 1;
    private static final int SCOPE_LOGS = 2;
    // Resource
    private static final int RESOURCE_ATTRIBUTES = 1;
    // ScopeLogs
    private static final int SCOPE = 1;
    private static final int LOG_RECORDS = 2;
    // InstrumentationScope
    private static final int SCOPE_NAME = 1;
    private static final int SCOPE_VERSION = 2;
    // LogRecord
    private static final int TIME_UNIX_NANO = 1;
    private static final int SEVERITY_NUMBER = 2;
    private static final int SEVERITY_TEXT = 3;
    private static final int BODY = 5;
    private static final int ATTRIBUTES = 6;
    private static final int TRACE_ID = 9;
    private static final int SPAN_ID = 10;
    private static final int OBSERVED_TIME_UNIX_NANO = 11;
    private static final int EVENT_NAME = 12;

    private final String serviceName;

    public OtlpLogsProto(String serviceName) {
        this.serviceName = serviceName;
    }

    public void write(ProtoWriter w, List<TelemetryRecord> batch, long observedNanos) {
        ProtoAttributes kv = new ProtoAttributes(w, ATTRIBUTES);
        ProtoAttributes resourceKv = new ProtoAttributes(w, RESOURCE_ATTRIBUTES);
        byte[] ids = new byte[16];
        for (List<TelemetryRecord> records : OtlpLogRecords.byProcess(batch)) {
            int resourceLogs = w.begin(RESOURCE_LOGS);
            int resource = w.begin(RESOURCE);
            OtlpLogRecords.resource(serviceName, records.get(0), resourceKv);
            w.end(resource);
            int scopeLogs = w.begin(SCOPE_LOGS);
            int scope = w.begin(SCOPE);
            w.stringField(SCOPE_NAME, OtlpLogRecords.SCOPE);
            w.stringField(SCOPE_VERSION, OtlpLogRecords.SCOPE_VERSION);
            w.end(scope);
            for (TelemetryRecord r : records) {
                int log = w.begin(LOG_RECORDS);
                w.fixed64Field(TIME_UNIX_NANO, OtlpLogRecords.timeUnixNano(r));
                w.varintField(SEVERITY_NUMBER, OtlpLogRecords.severityNumber(r));
                w.stringField(SEVERITY_TEXT, OtlpLogRecords.severityText(r));
                int body = w.begin(BODY);
                w.stringField(ProtoAttributes.STRING_VALUE, OtlpLogRecords.body(r));
                w.end(body);
                OtlpLogRecords.attributes(r, kv);
                if (r.traceId() != null) {
                    bytesFromHex(w, TRACE_ID, r.traceId(), ids);
                    bytesFromHex(w, SPAN_ID, r.spanId(), ids);
                }
                w.fixed64Field(OBSERVED_TIME_UNIX_NANO, observedNanos);
                w.stringField(EVENT_NAME, OtlpLogRecords.EVENT_NAME);
                w.end(log);
            }
            w.end(scopeLogs);
            w.end(resourceLogs);
        }
    }

    /** The record's ids are validated lower-case hex (16 or 8 bytes); protobuf carries the raw bytes. */
    private static void bytesFromHex(ProtoWriter w, int field, String hex, byte[] scratch) {
        int n = hex.length() / 2;
        for (int i = 0; i < n; i++) {
            scratch[i] = (byte) ((Character.digit(hex.charAt(2 * i), 16) << 4) | Character.digit(hex.charAt(2 * i + 1), 16));
        }
        w.bytesField(field, scratch, 0, n);
    }
}
