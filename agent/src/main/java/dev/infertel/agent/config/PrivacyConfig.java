package dev.infertel.agent.config;

/**
 * What identifying values may leave the process.
 *
 * @param salt the configured salt for tenant hashes; null = a random salt kept in the queue directory
 */
public record PrivacyConfig(boolean anonymize, String salt) {

    public static final String ANON_ENV = "TELEMETRY_AGENT_ANON";

    public static PrivacyConfig defaults() {
        return new PrivacyConfig(false, null);
    }

    /** The config's choice, switched on by {@code TELEMETRY_AGENT_ANON=1} (or true) in the environment. */
    public PrivacyConfig withEnvironment(String anonEnv) {
        boolean on = anonEnv != null && (anonEnv.equals("1") || anonEnv.equalsIgnoreCase("true"));
        return on && !anonymize ? new PrivacyConfig(true, salt) : this;
    }

    @Override
    public String toString() {
        return "PrivacyConfig[anonymize=" + anonymize + ", salt=" + (salt == null ? "per-install" : "configured") + "]";
    }
}
