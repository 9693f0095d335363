package dev.infertel.agent.metrics;

import dev.infertel.agent.config.MetricsConfig;
import dev.infertel.agent.log.AgentLog;
import dev.infertel.agent.record.TelemetryRecord;
import dev.infertel.agent.runtime.HostName;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * The live metrics of one agent: the call instruments fed from records, and the exporters that
 * show them (a Prometheus endpoint, an OTLP push, or both). Started once; a failure to start turns
 * metrics off with one line, nothing else.
 */
public final class LiveMetrics implements Consumer<TelemetryRecord>, AutoCloseable {

    private final CallMetrics calls;
    private final PrometheusEndpoint prometheus;
    private final OtlpMetricsExporter otlp;
    private final AgentLog log;

    private LiveMetrics(CallMetrics calls, PrometheusEndpoint prometheus, OtlpMetricsExporter otlp, AgentLog log) {
        this.calls = calls;
        this.prometheus = prometheus;
        this.otlp = otlp;
        this.log = log;
    }

    /** Null when metrics are off (not configured, a bad key, or the port cannot be had), said in one line. */
    public static LiveMetrics start(MetricsConfig config, AgentHealth health, AgentLog log) {
        if (config.error() != null) {
            log.warn(config.error() + "; metrics are off, the agent and the application run on");
            return null;
        }
        if (!config.enabled()) {
            return null;
        }
        CallMetrics calls = new CallMetrics(config.maxSeries(), config.tenant());
        PrometheusEndpoint endpoint = null;
        if (config.prometheus() != null) {
            try {
                endpoint = PrometheusEndpoint.start(config.prometheus().host(), config.prometheus().port(), calls, health);
                log.info("metrics: Prometheus endpoint on http://" + config.prometheus().host() + ":" + endpoint.port()
                        + "/metrics");
            } catch (IOException | RuntimeException e) {
                log.warn("metrics.prometheus: " + e.getMessage() + "; metrics are off, the agent and the application run on");
                return null;
            }
        }
        OtlpMetricsExporter otlp = null;
        if (config.otlp() != null) {
            try {
                OtlpResource resource = new OtlpResource(config.otlp().serviceName(), HostName.local(),
                        ProcessHandle.current().pid());
                otlp = OtlpMetricsExporter.start(config.otlp(), calls, health, resource, log, System::getenv);
                log.info("metrics: OTLP export to " + config.otlp().metricsUrl() + " every " + config.otlp().intervalMs()
                        + " ms (" + config.otlp().protocol().configName() + ", "
                        + config.otlp().temporality().name().toLowerCase(java.util.Locale.ROOT) + ")");
            } catch (RuntimeException e) {
                log.warn("metrics.otlp: " + e.getMessage() + "; metrics are off, the agent and the application run on");
                if (endpoint != null) {
                    endpoint.close();
                }
                return null;
            }
        }
        return new LiveMetrics(calls, endpoint, otlp, log);
    }

    @Override
    public void accept(TelemetryRecord record) {
        try {
            calls.accept(record);
        } catch (RuntimeException e) {
            log.once("metrics-accept", "metrics: a record could not be counted (" + e + "); this is a bug");
        }
    }

    public CallMetrics calls() {
        return calls;
    }

    /** Pushes the last OTLP export (what was counted up to now) and stops the exporters. */
    @Override
    public void close() {
        if (otlp != null) {
            otlp.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
    }
}
