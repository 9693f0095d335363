package dev.infertel.agent.sink;

import dev.infertel.agent.config.SinkConfig;
import dev.infertel.agent.record.JsonBytes;
import dev.infertel.agent.record.RecordJsonEncoder;
import dev.infertel.agent.record.TelemetryRecord;
import java.util.List;
import java.util.function.UnaryOperator;

/** POSTs each batch as NDJSON (one record per line) or as one JSON array of records. */
public final class HttpSink implements Sink {

    private final String name;
    private final boolean array;
    private final HttpPoster poster;
    private final RecordJsonEncoder encoder = new RecordJsonEncoder();
    private final JsonBytes body = new JsonBytes(1 << 16);

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
        body.reset();
        if (array) {
            body.raw((byte) '[');
            for (int i = 0; i < batch.size(); i++) {
                if (i > 0) {
                    body.raw((byte) ',');
                }
                encoder.write(batch.get(i), body);
            }
            body.raw((byte) ']');
        } else {
            for (TelemetryRecord r : batch) {
                encoder.write(r, body);
                body.raw((byte) '\n');
            }
        }
        return poster.post(body.array(), body.size());
    }

    @Override
    public void close() {
        poster.close();
    }
}
