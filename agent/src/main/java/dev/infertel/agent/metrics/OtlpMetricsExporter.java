package dev.infertel.agent.metrics;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.infertel.agent.config.MetricsConfig;
import dev.infertel.agent.config.OtlpProtocol;
import dev.infertel.agent.log.AgentLog;
import dev.infertel.agent.otlp.ProtoWriter;
import dev.infertel.agent.record.RecordJson;
import dev.infertel.agent.sink.Delivery;
import dev.infertel.agent.sink.OtlpExporter;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

/**
 * Pushes the live metrics to an OTLP/HTTP endpoint ({@code /v1/metrics}) every interval on its own
 * thread ({@code telemetry-metrics-otlp}), and once more when closed, through the same transport and
 * answer rules as the otlp logs sink. A failed push is not retried in between: the next one carries
 * the same cumulative figures, or (delta) everything since the last push the receiver took.
 */
public final class OtlpMetricsExporter implements AutoCloseable {

    private final MetricsConfig.Otlp config;
    private final OtlpMetricsCollector collector;
    private final OtlpResource resource;
    private final OtlpExporter exporter;
    private final AgentLog log;
    private final ProtoWriter body = new ProtoWriter(1 << 16);
    private final Thread thread;
    private volatile boolean running = true;
    private boolean failing;

    OtlpMetricsExporter(MetricsConfig.Otlp config, CallMetrics calls, AgentHealth health, OtlpResource resource,
                        AgentLog log, UnaryOperator<String> env) {
        this.config = config;
        this.collector = new OtlpMetricsCollector(calls, health, config.temporality(), nowNanos());
        this.resource = resource;
        this.log = log;
        this.exporter = new OtlpExporter("metrics", config.metricsUrl(), config.protocol(), config.http(), env,
                "data point(s)");
        this.thread = new Thread(this::run, "telemetry-metrics-otlp");
        thread.setDaemon(true);
    }

    /**
     * Starts pushing.
     *
     * @throws IllegalArgumentException when a header cannot be sent (the message names it, never its value)
     */
    static OtlpMetricsExporter start(MetricsConfig.Otlp config, CallMetrics calls, AgentHealth health,
                                     OtlpResource resource, AgentLog log, UnaryOperator<String> env) {
        OtlpMetricsExporter e = new OtlpMetricsExporter(config, calls, health, resource, log, env);
        e.thread.start();
        return e;
    }

    private void run() {
        long intervalNanos = TimeUnit.MILLISECONDS.toNanos(config.intervalMs());
        long next = System.nanoTime() + intervalNanos;
        while (running) {
            long left = next - System.nanoTime();
            if (left > 0) {
                LockSupport.parkNanos(left);
                continue;
            }
            next += intervalNanos;
            export();
        }
    }

    /** One push of the metrics as they are now; what the receiver made of it. */
    synchronized Delivery export() {
        try {
            List<OtlpMetricsCollector.Metric> metrics = collector.collect(nowNanos());
            Delivery d;
            if (config.protocol() == OtlpProtocol.HTTP_PROTOBUF) {
                body.reset();
                OtlpMetricsProto.write(body, resource, metrics, collector.temporality());
                d = exporter.export(body.array(), body.size());
            } else {
                try (JsonGenerator g = RecordJson.factory().createGenerator(exporter.body())) {
                    OtlpMetricsJson.write(g, resource, metrics, collector.temporality());
                }
                d = exporter.export();
            }
            judged(d);
            return d;
        } catch (IOException | RuntimeException e) {
            log.once("metrics-otlp-bug", "metrics.otlp: an export could not be made (" + e + "); this is a bug");
            return Delivery.retry(e.toString());
        }
    }

    private void judged(Delivery d) {
        String where = "metrics.otlp " + config.metricsUrl();
        switch (d.kind()) {
            case ACCEPTED -> {
                collector.sent();
                if (failing) {
                    log.info(where + ": exporting again");
                    failing = false;
                }
                if (!d.detail().isEmpty()) {
                    log.warn(where + ": " + (d.rejectedRecords() > 0 ? "" : "the receiver warns: ") + d.detail());
                }
            }
            case REJECTED -> {
                collector.sent(); // sending it again cannot help: the next delta starts after it
                log.warn(where + " refused the metrics for good (" + d.detail() + ")");
            }
            default -> {
                if (!failing) {
                    log.warn(where + " cannot be reached (" + d.detail() + "); the next export, in "
                            + config.intervalMs() + " ms, carries these figures too");
                    failing = true;
                }
            }
        }
    }

    private static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Stops the thread and pushes one last time, so that an exit loses nothing counted before it. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(config.http().connectTimeout().plus(config.http().readTimeout()).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            export();
        }
        exporter.close();
    }
}
