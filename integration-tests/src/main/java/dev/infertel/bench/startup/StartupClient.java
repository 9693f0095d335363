package dev.infertel.bench.startup;

/** The tiny client the start-up run instruments: no I/O, so the run's cost is the JVM's and the agent's. */
public final class StartupClient {

    public String complete(String model, String prompt) {
        return model + ": " + prompt.length() + " characters";
    }
}
