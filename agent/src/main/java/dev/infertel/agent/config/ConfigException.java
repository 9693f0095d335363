package dev.infertel.agent.config;

/** A mistake in the user's configuration; the message names the file, line and key to fix. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}
