package dev.infertel.agent.config;

import java.nio.file.Path;
import java.util.List;

/** The whole, validated configuration. */
public record AgentConfig(QueueConfig queue, List<SiteConfig> sites, List<SinkConfig> sinks, GpuConfig gpu,
                          Path logFile, boolean debug, String source, PrivacyConfig privacy) {

    public AgentConfig(QueueConfig queue, List<SiteConfig> sites, List<SinkConfig> sinks, GpuConfig gpu,
                       Path logFile, boolean debug, String source) {
        this(queue, sites, sinks, gpu, logFile, debug, source, PrivacyConfig.defaults());
    }
}
