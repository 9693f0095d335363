package dev.infertel.it.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infertel.it.ChildJvm;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The application's calls take as long with a receiver that is slow, failing or throttling as with no
 * sink at all (median latency compared as a ratio, in one run), and the shipper backs off.
 */
class SlowReceiverTest {

    private static final String[] APP = {"pace_us=500", "seconds=4"};

    /** Starts the app with {@code sinks}; the four variants run side by side so they share the machine's load. */
    private static Process start(Path dir, String name, String sinks) throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve(name));
        Path config = ShipRig.config(dir.resolve(name), "", sinks, "");
        return ShipRig.steadyApp(config, APP).start(dir.resolve(name), "app");
    }

    private static Map<String, String> finish(Path dir, String name, Process p) throws Exception {
        try {
            assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), name + " ended");
            assertEquals(0, p.exitValue(), () -> name + ": " + read(dir.resolve(name).resolve("app.err")));
        } finally {
            ChildJvm.destroy(p);
        }
        Map<String, String> m = new java.util.TreeMap<>();
        java.util.List<String> lines = java.nio.file.Files.readAllLines(dir.resolve(name).resolve("app.out"));
        for (String w : lines.get(lines.size() - 1).split(" ")) {
            String[] kv = w.split("=");
            m.put(kv[0], kv[1]);
        }
        return m;
    }

    private static String read(Path p) {
        try {
            return java.nio.file.Files.readString(p);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static double p50(Map<String, String> s) {
        return Double.parseDouble(s.get("p50_us"));
    }

    @Test
    void appLatencyIsTheSameWithASlowFailingOrThrottlingReceiverAndTheShipperBacksOff() throws Exception {
        Path dir = ShipRig.newDir("slow");
        Map<String, String> none;
        Map<String, String> slow;
        Map<String, String> failing;
        Map<String, String> throttling;
        int failingRequests;
        int throttlingRequests;
        try (IngestReceiver slowReceiver = new IngestReceiver().up();
             IngestReceiver failingReceiver = new IngestReceiver().up();
             IngestReceiver throttlingReceiver = new IngestReceiver().up()) {
            slowReceiver.answer(n -> new IngestReceiver.Answer(200, 3_000, null));
            failingReceiver.answer(n -> new IngestReceiver.Answer(500, 0, null));
            throttlingReceiver.answer(n -> new IngestReceiver.Answer(429, 0, "1"));
            Process pNone = start(dir, "none", "");
            Process pSlow = start(dir, "slow", ShipRig.httpSink(slowReceiver.url(), 100, 100));
            Process pFailing = start(dir, "failing", ShipRig.httpSink(failingReceiver.url(), 100, 100));
            Process pThrottling = start(dir, "throttling", ShipRig.httpSink(throttlingReceiver.url(), 100, 100));
            none = finish(dir, "none", pNone);
            slow = finish(dir, "slow", pSlow);
            failing = finish(dir, "failing", pFailing);
            throttling = finish(dir, "throttling", pThrottling);
            failingRequests = failingReceiver.requests.get();
            throttlingRequests = throttlingReceiver.requests.get();
        }
        double slowRatio = p50(slow) / p50(none);
        double failingRatio = p50(failing) / p50(none);
        double throttlingRatio = p50(throttling) / p50(none);
        System.out.printf("median call latency: no sink %.2f us; slow receiver %.2f us (x%.2f), 500s %.2f us (x%.2f), "
                        + "429 %.2f us (x%.2f); max us: %s / %s / %s / %s; requests in a ~5 s run: 500s %d, 429 %d%n",
                p50(none), p50(slow), slowRatio, p50(failing), failingRatio, p50(throttling), throttlingRatio,
                none.get("max_us"), slow.get("max_us"), failing.get("max_us"), throttling.get("max_us"),
                failingRequests, throttlingRequests);
        assertTrue(slowRatio < 2.0, "slow receiver: x" + slowRatio);
        assertTrue(failingRatio < 2.0, "failing receiver: x" + failingRatio);
        assertTrue(throttlingRatio < 2.0, "throttling receiver: x" + throttlingRatio);
        // the slow receiver takes 3 s per request: a call that waited for it would take that long
        assertTrue(Double.parseDouble(slow.get("max_us")) < 2_000_000, "no call waited for the receiver: " + slow);
        // without backoff a 4 s run would send thousands of requests; 250 ms doubling allows about 5
        assertTrue(failingRequests >= 2 && failingRequests <= 9, "500s: " + failingRequests + " requests");
        // Retry-After: 1 allows about one request a second
        assertTrue(throttlingRequests >= 2 && throttlingRequests <= 7, "429s: " + throttlingRequests + " requests");
    }
}
