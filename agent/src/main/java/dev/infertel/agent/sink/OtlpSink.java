package dev.infertel.agent.sink;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.infertel.agent.config.SinkConfig;
import dev.infertel.agent.record.RecordJson;
import dev.infertel.agent.record.TelemetryRecord;
import java.io.IOException;
import java.util.List;
import java.util.function.UnaryOperator;

/** Exports each batch to an OpenTelemetry Collector's OTLP/HTTP logs endpoint, JSON encoded. */
public final class OtlpSink implements Sink {

    private final String name;
    private final OtlpLogsJson encoder;
    private final HttpPoster poster;

    public OtlpSink(SinkConfig.Otlp config, UnaryOperator<String> env) {
        this.name = config.name();
        this.encoder = new OtlpLogsJson(config.serviceName());
        this.poster = new HttpPoster(name, config.logsUrl(), "application/json", config.http(), env);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Delivery deliver(List<TelemetryRecord> batch) {
        try (JsonGenerator g = RecordJson.factory().createGenerator(poster.body())) {
            java.time.Instant now = java.time.Instant.now();
            encoder.write(g, batch, now.getEpochSecond() * 1_000_000_000L + now.getNano());
        } catch (IOException e) {
            return Delivery.retry("cannot encode a batch: " + e);
        }
        return poster.post();
    }

    @Override
    public void close() {
        poster.close();
    }
}
