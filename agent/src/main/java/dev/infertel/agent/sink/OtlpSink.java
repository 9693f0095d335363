package dev.infertel.agent.sink;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.infertel.agent.config.OtlpProtocol;
import dev.infertel.agent.config.SinkConfig;
import dev.infertel.agent.otlp.ProtoWriter;
import dev.infertel.agent.record.RecordJson;
import dev.infertel.agent.record.TelemetryRecord;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

/** Exports each batch to an OpenTelemetry Collector's OTLP/HTTP logs endpoint, protobuf or JSON encoded. */
public final class OtlpSink implements Sink {

    private final String name;
    private final OtlpExporter exporter;
    private final OtlpLogsProto proto;
    private final OtlpLogsJson json;
    private final ProtoWriter body = new ProtoWriter(1 << 16);

    public OtlpSink(SinkConfig.Otlp config, UnaryOperator<String> env) {
        this.name = config.name();
        this.proto = new OtlpLogsProto(config.serviceName());
        this.json = new OtlpLogsJson(config.serviceName());
        this.exporter = new OtlpExporter(name, config.logsUrl(), config.protocol(), config.http(), env, "log record(s)");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Delivery deliver(List<TelemetryRecord> batch) {
        Instant now = Instant.now();
        long observedNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        if (exporter.protocol() == OtlpProtocol.HTTP_PROTOBUF) {
            body.reset();
            proto.write(body, batch, observedNanos);
            return exporter.export(body.array(), body.size());
        }
        try (JsonGenerator g = RecordJson.factory().createGenerator(exporter.body())) {
            json.write(g, batch, observedNanos);
        } catch (IOException e) {
            return Delivery.retry("cannot encode a batch: " + e);
        }
        return exporter.export();
    }

    @Override
    public void close() {
        exporter.close();
    }
}
