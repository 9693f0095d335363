package dev.infertel.agent.metrics;

import dev.infertel.agent.config.MetricsConfig.Temporality;
import dev.infertel.agent.otlp.AttributeWriter;

/** The process the metrics describe ({@code service.name}, {@code host.name}, {@code process.pid}) and the scope. */
record OtlpResource(String serviceName, String hostName, long pid) {

    static final String SCOPE = "dev.infertel.telemetry-agent";
    static final String SCOPE_VERSION = "0.1.0";

    <E extends Exception> void attributes(AttributeWriter<E> out) throws E {
        out.string("service.name", serviceName);
        if (hostName != null) {
            out.string("host.name", hostName);
        }
        out.integer("process.pid", pid);
    }

    /** {@code AggregationTemporality}: DELTA = 1, CUMULATIVE = 2. */
    static int temporality(Temporality t) {
        return t == Temporality.DELTA ? 1 : 2;
    }
}
