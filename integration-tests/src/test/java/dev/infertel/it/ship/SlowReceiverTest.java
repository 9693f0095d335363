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

    private static final String[] APP = {"pace_us=500", "seconds=3"};

    private static Map<String, String> run(Path dir, String name, String sinks) throws Exception {
        Path config = ShipRig.config(dir.resolve(name), "", sinks, "");
        ChildJvm.Result r = ShipRig.steadyApp(config, APP).run(dir.resolve(name), "app");
        assertEquals(0, r.exitCode(), r::describe);
        return ShipRig.summary(r);
    }

    private static double p50(Map<String, String> s) {
        return Double.parseDouble(s.get("p50_us"));
    }

    @Test
    void appLatencyIsTheSameWithASlowFailingOrThrottlingReceiverAndTheShipperBacksOff() throws Exception {
        Path dir = ShipRig.newDir("slow");
        for (String d : new String[] {"none", "slow", "failing", "throttling"}) {
            java.nio.file.Files.createDirectories(dir.resolve(d));
        }
        Map<String, String> none = run(dir, "none", "");
        Map<String, String> slow;
        Map<String, String> failing;
        Map<String, String> throttling;
        int failingRequests;
        int throttlingRequests;
        try (IngestReceiver receiver = new IngestReceiver().up()) {
            receiver.answer(n -> new IngestReceiver.Answer(200, 2_000, null));
            slow = run(dir, "slow", ShipRig.httpSink(receiver.url(), 100, 100));
        }
        try (IngestReceiver receiver = new IngestReceiver().up()) {
            receiver.answer(n -> new IngestReceiver.Answer(500, 0, null));
            failing = run(dir, "failing", ShipRig.httpSink(receiver.url(), 100, 100));
            failingRequests = receiver.requests.get();
        }
        try (IngestReceiver receiver = new IngestReceiver().up()) {
            receiver.answer(n -> new IngestReceiver.Answer(429, 0, "1"));
            throttling = run(dir, "throttling", ShipRig.httpSink(receiver.url(), 100, 100));
            throttlingRequests = receiver.requests.get();
        }
        double slowRatio = p50(slow) / p50(none);
        double failingRatio = p50(failing) / p50(none);
        double throttlingRatio = p50(throttling) / p50(none);
        System.out.printf("median call latency: no sink %.2f us; slow receiver %.2f us (x%.2f), 500s %.2f us (x%.2f), "
                        + "429 %.2f us (x%.2f); max us: %s / %s / %s / %s; requests in ~4 s: 500s %d, 429 %d%n",
                p50(none), p50(slow), slowRatio, p50(failing), failingRatio, p50(throttling), throttlingRatio,
                none.get("max_us"), slow.get("max_us"), failing.get("max_us"), throttling.get("max_us"),
                failingRequests, throttlingRequests);
        assertTrue(slowRatio < 2.0, "slow receiver: x" + slowRatio);
        assertTrue(failingRatio < 2.0, "failing receiver: x" + failingRatio);
        assertTrue(throttlingRatio < 2.0, "throttling receiver: x" + throttlingRatio);
        for (Map<String, String> s : java.util.List.of(slow, failing, throttling)) {
            assertTrue(Double.parseDouble(s.get("max_us")) < 500_000, "no call waited for the receiver: " + s);
        }
        // without backoff a 3 s run would send thousands of requests; 250 ms doubling allows about 5
        assertTrue(failingRequests >= 2 && failingRequests <= 8, "500s: " + failingRequests + " requests");
        // Retry-After: 1 allows about one request a second
        assertTrue(throttlingRequests >= 2 && throttlingRequests <= 6, "429s: " + throttlingRequests + " requests");
    }
}
