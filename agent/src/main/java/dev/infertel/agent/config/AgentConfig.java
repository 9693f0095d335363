package dev.infertel.agent.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The whole, validated configuration. */
public record AgentConfig(QueueConfig queue, List<SiteConfig> sites, List<SinkConfig> sinks, GpuConfig gpu,
                          Path logFile, boolean debug, String source, List<String> presets, Nested nested,
                          CostConfig costs, Map<String, ModelSpec> models, PrivacyConfig privacy,
                          MetricsConfig metrics, java.time.Duration maxStreamDuration, Map<String, String> metadata) {

    /** {@code stream.max_duration}'s default: a call still open after it is recorded with exit timeout. */
    public static final java.time.Duration DEFAULT_MAX_STREAM_DURATION = java.time.Duration.ofMinutes(10);

    /** Instrumented calls made while another one runs on the same request: record the outermost, or all. */
    public enum Nested { OUTERMOST, ALL }

    public AgentConfig {
        presets = presets == null ? List.of() : List.copyOf(presets);
        nested = nested == null ? Nested.OUTERMOST : nested;
        costs = costs == null ? CostConfig.NONE : costs;
        models = models == null ? Map.of() : Map.copyOf(models);
        privacy = privacy == null ? PrivacyConfig.defaults() : privacy;
        metrics = metrics == null ? MetricsConfig.NONE : metrics;
        maxStreamDuration = maxStreamDuration == null ? DEFAULT_MAX_STREAM_DURATION : maxStreamDuration;
        metadata = metadata == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
    }

    /** Without metadata labels. */
    public AgentConfig(QueueConfig queue, List<SiteConfig> sites, List<SinkConfig> sinks, GpuConfig gpu,
                       Path logFile, boolean debug, String source, List<String> presets, Nested nested,
                       CostConfig costs, Map<String, ModelSpec> models, PrivacyConfig privacy,
                       MetricsConfig metrics, java.time.Duration maxStreamDuration) {
        this(queue, sites, sinks, gpu, logFile, debug, source, presets, nested, costs, models, privacy, metrics,
                maxStreamDuration, null);
    }

    /** Without live metrics, with the default stream bound. */
    public AgentConfig(QueueConfig queue, List<SiteConfig> sites, List<SinkConfig> sinks, GpuConfig gpu,
                       Path logFile, boolean debug, String source, List<String> presets, Nested nested,
                       CostConfig costs, Map<String, ModelSpec> models, PrivacyConfig privacy) {
        this(queue, sites, sinks, gpu, logFile, debug, source, presets, nested, costs, models, privacy, null, null);
    }

    /** Without presets, prices or model sizes. */
    public AgentConfig(QueueConfig queue, List<SiteConfig> sites, List<SinkConfig> sinks, GpuConfig gpu,
                       Path logFile, boolean debug, String source) {
        this(queue, sites, sinks, gpu, logFile, debug, source, List.of(), Nested.OUTERMOST, CostConfig.NONE, Map.of(),
                PrivacyConfig.defaults(), null, null);
    }
}
