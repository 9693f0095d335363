package dev.infertel.agent.config;

import java.nio.file.Path;
import java.util.List;

/** The whole, validated configuration. */
public record AgentConfig(QueueConfig queue, List<SiteConfig> sites, List<SinkConfig> sinks, GpuConfig gpu,
                          Path logFile, boolean debug, String source) {
}
