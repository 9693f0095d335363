package dev.infertel.agent.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The host's name without a DNS lookup (which can stall start-up): env, then /etc/hostname. */
public final class HostName {

    private HostName() {
    }

    public static String local() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            String file = Files.readString(Path.of("/etc/hostname")).trim();
            return file.isEmpty() ? null : file;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
