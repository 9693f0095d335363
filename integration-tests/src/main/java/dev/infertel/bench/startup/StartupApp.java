package dev.infertel.bench.startup;

/**
 * A short-lived application for scripts/startup-cost.sh: ten calls to {@link StartupClient}, then exit.
 * Run with and without the agent, the difference in wall time and peak RSS is what the agent costs.
 */
public final class StartupApp {

    private StartupApp() {
    }

    public static void main(String[] args) {
        StartupClient client = new StartupClient();
        int total = 0;
        for (int i = 0; i < 10; i++) {
            total += client.complete("startup-model", "prompt " + i).length();
        }
        System.out.println("startup app: 10 calls, " + total + " characters");
    }
}
