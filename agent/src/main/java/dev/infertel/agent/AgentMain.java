package dev.infertel.agent;

import dev.infertel.agent.config.AgentConfig;
import dev.infertel.agent.config.ConfigException;
import dev.infertel.agent.config.ConfigParser;
import dev.infertel.agent.log.AgentLog;
import dev.infertel.agent.queue.ModuleGrants;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;

/**
 * Start of the agent inside the application's JVM, called by the launcher from the isolated class
 * loader. Anything that goes wrong here leaves the agent inert with one log line; the application
 * starts as it would without us.
 */
public final class AgentMain {

    public static final String CONFIG_PROPERTY = "telemetry.agent.config";
    public static final String CONFIG_ENV = "TELEMETRY_AGENT_CONFIG";
    public static final String DEBUG_PROPERTY = "telemetry.agent.debug";

    private AgentMain() {
    }

    public static void start(String agentArgs, Instrumentation inst, ClassLoader gpuLoader) {
        boolean debug = Boolean.getBoolean(DEBUG_PROPERTY);
        AgentLog log = AgentLog.stderr(debug);
        try {
            Path configFile = configPath(agentArgs);
            if (configFile == null) {
                log.info("no config given (-javaagent:telemetry-agent.jar=config=PATH, -D" + CONFIG_PROPERTY
                        + " or " + CONFIG_ENV + "); telemetry is off");
                return;
            }
            AgentConfig config;
            try {
                config = ConfigParser.parse(configFile);
            } catch (ConfigException e) {
                log.warn("config error: " + e.getMessage() + "; telemetry is off, the application runs unchanged");
                return;
            }
            if (config.logFile() != null) {
                log = AgentLog.toFile(config.logFile(), debug || config.debug());
            } else if (config.debug()) {
                log = AgentLog.stderr(true);
            }
            ModuleGrants.grantChronicleAccess(inst, AgentMain.class.getModule());
            ModuleGrants.quietUnsafeWarning();
            AgentRuntime runtime = AgentRuntime.start(config, inst, log, gpuLoader);
            Runtime.getRuntime().addShutdownHook(new Thread(runtime::close, "telemetry-shutdown"));
        } catch (Throwable t) {
            log.warn("could not start (" + t + "); telemetry is off, the application runs unchanged");
        }
    }

    /** The config path: {@code config=PATH} agent argument, then the system property, then the env. */
    static Path configPath(String agentArgs) {
        if (agentArgs != null) {
            for (String part : agentArgs.split(",")) {
                String p = part.trim();
                if (p.startsWith("config=")) {
                    return Path.of(p.substring("config=".length()));
                }
            }
        }
        String prop = System.getProperty(CONFIG_PROPERTY);
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String env = System.getenv(CONFIG_ENV);
        return env != null && !env.isBlank() ? Path.of(env) : null;
    }
}
