package dev.infertel.it.app;

import com.acme.llm.Client;
import com.acme.llm.Listener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A service that streams {@code calls} calls per model (models comma-separated; a model containing
 * "fail" fails mid-stream) once the file {@code go} appears, writes {@code done}, then stays up (so a scraper can read its final
 * metrics) until the file {@code stop} appears.
 */
public final class MetricsApp {

    public static void main(String[] args) throws Exception {
        java.util.Map<String, String> opts = new java.util.TreeMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            opts.put(a.substring(0, eq), a.substring(eq + 1));
        }
        Client client = new Client();
        // go: the test's scraper is scraping (so its rate() windows see the calls happen)
        Path go = Path.of(opts.get("go"));
        long start = System.nanoTime();
        while (!Files.exists(go) && System.nanoTime() - start < TimeUnit.MINUTES.toNanos(2)) {
            Thread.sleep(50);
        }
        int calls = Integer.parseInt(opts.get("calls"));
        for (int n = 0; n < calls; n++) {
            for (String model : opts.get("models").split(",")) {
                CountDownLatch end = new CountDownLatch(1);
                client.stream(model, "a prompt", new Listener() {
                    @Override
                    public void onToken(String token) {
                    }

                    @Override
                    public void onDone() {
                        end.countDown();
                    }

                    @Override
                    public void onError(Throwable error) {
                        end.countDown();
                    }
                });
                end.await(10, TimeUnit.SECONDS);
            }
        }
        Files.writeString(Path.of(opts.get("done")), "done\n");
        Path stop = Path.of(opts.get("stop"));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!Files.exists(stop) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }
}
