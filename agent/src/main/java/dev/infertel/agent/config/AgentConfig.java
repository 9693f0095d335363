package dev.infertel.agent.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The whole, validated configuration. */
public record AgentConfig(QueueConfig queue, List<SiteConfig> sites, List<SinkConfig> sinks, GpuConfig gpu,
                          Path logFile, boolean debug, String source, CostConfig costs,
                          Map<String, ModelSpec> models, PrivacyConfig privacy) {

    public AgentConfig {
        costs = costs == null ? CostConfig.NONE : costs;
        models = models == null ? Map.of() : Map.copyOf(models);
        privacy = privacy == null ? PrivacyConfig.defaults() : privacy;
    }

    /** Without prices or model sizes. */
    public AgentConfig(QueueConfig queue, List<SiteConfig> sites, List<SinkConfig> sinks, GpuConfig gpu,
                       Path logFile, boolean debug, String source) {
        this(queue, sites, sinks, gpu, logFile, debug, source, CostConfig.NONE, Map.of(), PrivacyConfig.defaults());
    }

    /** Without privacy settings. */
    public AgentConfig(QueueConfig queue, List<SiteConfig> sites, List<SinkConfig> sinks, GpuConfig gpu,
                       Path logFile, boolean debug, String source, CostConfig costs, Map<String, ModelSpec> models) {
        this(queue, sites, sinks, gpu, logFile, debug, source, costs, models, PrivacyConfig.defaults());
    }
}
