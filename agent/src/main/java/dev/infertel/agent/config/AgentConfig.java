package dev.infertel.agent.config;

import java.nio.file.Path;
import java.util.List;

/** The whole, validated configuration. */
public record AgentConfig(QueueConfig queue, List<SiteConfig> sites, List<SinkConfig> sinks, GpuConfig gpu,
                          Path logFile, boolean debug, String source, List<String> presets, Nested nested) {

    /** Instrumented calls made while another one runs on the same request: record the outermost, or all. */
    public enum Nested { OUTERMOST, ALL }

    public AgentConfig(QueueConfig queue, List<SiteConfig> sites, List<SinkConfig> sinks, GpuConfig gpu,
                       Path logFile, boolean debug, String source) {
        this(queue, sites, sinks, gpu, logFile, debug, source, List.of(), Nested.OUTERMOST);
    }
}
