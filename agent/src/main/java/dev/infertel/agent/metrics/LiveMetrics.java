package dev.infertel.agent.metrics;

import dev.infertel.agent.config.MetricsConfig;
import dev.infertel.agent.log.AgentLog;
import dev.infertel.agent.record.TelemetryRecord;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * The live metrics of one agent: the call instruments fed from records, and the exporters that
 * show them. Started once; a failure to start turns metrics off with one line, nothing else.
 */
public final class LiveMetrics implements Consumer<TelemetryRecord>, AutoCloseable {

    private final CallMetrics calls;
    private final PrometheusEndpoint prometheus;
    private final AgentLog log;

    private LiveMetrics(CallMetrics calls, PrometheusEndpoint prometheus, AgentLog log) {
        this.calls = calls;
        this.prometheus = prometheus;
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
        try {
            PrometheusEndpoint endpoint = PrometheusEndpoint.start(config.prometheus().host(), config.prometheus().port(),
                    calls, health);
            log.info("metrics: Prometheus endpoint on http://" + config.prometheus().host() + ":" + endpoint.port()
                    + "/metrics");
            return new LiveMetrics(calls, endpoint, log);
        } catch (IOException | RuntimeException e) {
            log.warn("metrics.prometheus: " + e.getMessage() + "; metrics are off, the agent and the application run on");
            return null;
        }
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

    @Override
    public void close() {
        prometheus.close();
    }
}
