package dev.infertel.agent.sink;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.infertel.agent.config.SinkConfig;
import dev.infertel.agent.record.RecordJson;
import dev.infertel.agent.record.TelemetryRecord;
import java.io.IOException;
import java.util.List;
import java.util.function.UnaryOperator;

/** POSTs each batch as NDJSON (one record per line) or as one JSON array of records. */
public final class HttpSink implements Sink {

    private final String name;
    private final boolean array;
    private final HttpPoster poster;

    public HttpSink(SinkConfig.Http config, UnaryOperator<String> env) {
        this.name = config.name();
        this.array = config.format() == SinkConfig.Format.JSON_ARRAY;
        this.poster = new HttpPoster(name, config.url(), array ? "application/json" : "application/x-ndjson",
                config.http(), env);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Delivery deliver(List<TelemetryRecord> batch) {
        try (JsonGenerator g = RecordJson.factory().createGenerator(poster.body())) {
            if (array) {
                g.writeStartArray();
                for (TelemetryRecord r : batch) {
                    RecordJson.write(g, r);
                }
                g.writeEndArray();
            } else {
                g.setRootValueSeparator(null);
                for (TelemetryRecord r : batch) {
                    RecordJson.write(g, r);
                    g.writeRaw('\n');
                }
            }
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
