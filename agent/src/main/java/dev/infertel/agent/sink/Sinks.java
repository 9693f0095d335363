package dev.infertel.agent.sink;

import dev.infertel.agent.config.SinkConfig;
import java.time.Clock;
import java.util.function.UnaryOperator;

/** Builds the sink a config entry describes. */
public final class Sinks {

    private Sinks() {
    }

    /** @throws IllegalArgumentException when the sink cannot be built (the message says why, no secrets) */
    public static Sink create(SinkConfig config, UnaryOperator<String> env) {
        if (config instanceof SinkConfig.Jsonl j) {
            return new JsonlSink(j, Clock.systemUTC());
        }
        if (config instanceof SinkConfig.Http h) {
            return new HttpSink(h, env);
        }
        if (config instanceof SinkConfig.Otlp o) {
            return new OtlpSink(o, env);
        }
        if (config instanceof SinkConfig.ClickHouse c) {
            return new ClickHouseSink(c, env);
        }
        if (config instanceof SinkConfig.Sqlite s) {
            return new SqliteSink(s);
        }
        throw new IllegalArgumentException("unknown sink " + config);
    }
}
