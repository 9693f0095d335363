package dev.infertel.it.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infertel.it.ChildJvm;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
        List<Long> failingArrivals;
        List<Long> throttlingArrivals;
        long failingWindowMs;
        long throttlingWindowMs;
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
            CompletableFuture<Long> failingExit = pFailing.onExit().thenApply(p -> System.nanoTime());
            CompletableFuture<Long> throttlingExit = pThrottling.onExit().thenApply(p -> System.nanoTime());
            none = finish(dir, "none", pNone);
            slow = finish(dir, "slow", pSlow);
            failing = finish(dir, "failing", pFailing);
            throttling = finish(dir, "throttling", pThrottling);
            failingArrivals = List.copyOf(failingReceiver.arrivals);
            throttlingArrivals = List.copyOf(throttlingReceiver.arrivals);
            failingWindowMs = windowMs(failingArrivals, failingExit.get());
            throttlingWindowMs = windowMs(throttlingArrivals, throttlingExit.get());
        }
        double slowRatio = p50(slow) / p50(none);
        double failingRatio = p50(failing) / p50(none);
        double throttlingRatio = p50(throttling) / p50(none);
        int failingRequests = failingArrivals.size();
        int throttlingRequests = throttlingArrivals.size();
        System.out.printf("median call latency: no sink %.2f us; slow receiver %.2f us (x%.2f), 500s %.2f us (x%.2f), "
                        + "429 %.2f us (x%.2f); max us: %s / %s / %s / %s; requests: 500s %d in %d ms from the first "
                        + "to the app's exit (gaps %s ms), 429 %d in %d ms (gaps %s ms)%n",
                p50(none), p50(slow), slowRatio, p50(failing), failingRatio, p50(throttling), throttlingRatio,
                none.get("max_us"), slow.get("max_us"), failing.get("max_us"), throttling.get("max_us"),
                failingRequests, failingWindowMs, gapsMs(failingArrivals), throttlingRequests, throttlingWindowMs,
                gapsMs(throttlingArrivals));
        assertTrue(slowRatio < 2.0, "slow receiver: x" + slowRatio);
        assertTrue(failingRatio < 2.0, "failing receiver: x" + failingRatio);
        assertTrue(throttlingRatio < 2.0, "throttling receiver: x" + throttlingRatio);
        // the slow receiver takes 3 s per request: a call that waited for it would take that long
        assertTrue(Double.parseDouble(slow.get("max_us")) < 2_000_000, "no call waited for the receiver: " + slow);
        // The counts are bounded by the backoff's schedule over the time the shipper had, from the first
        // request to the app's exit (a loaded machine may start the shipper late: the window says so).
        // 500s: waits of 0.5x..1x of 250 ms doubling; the stop cuts the last wait short and the exit drain tries once: two more at most.
        assertTrue(failingRequests >= 1, "the failing receiver was tried: " + failingRequests);
        int failingAtLeast = requestsWithin(failingWindowMs - SLACK_MS, attempt -> 250L << (attempt - 1));
        int failingAtMost = requestsWithin(failingWindowMs, attempt -> (250L << (attempt - 1)) / 2) + 2;
        assertTrue(failingRequests >= failingAtLeast && failingRequests <= failingAtMost,
                "500s: " + failingRequests + " requests in " + failingWindowMs + " ms, backoff allows "
                        + failingAtLeast + ".." + failingAtMost);
        // Retry-After: 1 asks for one second between tries
        int throttlingAtLeast = requestsWithin(throttlingWindowMs - SLACK_MS, attempt -> 1_000L + SLACK_MS / 4);
        int throttlingAtMost = requestsWithin(throttlingWindowMs, attempt -> 1_000L) + 2;
        assertTrue(throttlingRequests >= throttlingAtLeast && throttlingRequests <= throttlingAtMost,
                "429s: " + throttlingRequests + " requests in " + throttlingWindowMs + " ms, Retry-After allows "
                        + throttlingAtLeast + ".." + throttlingAtMost);
        for (int i = 1; i + 1 < throttlingRequests; i++) {
            long gapMs = (throttlingArrivals.get(i) - throttlingArrivals.get(i - 1)) / 1_000_000;
            assertTrue(gapMs >= 950, "429s: a retry came " + gapMs + " ms after the previous, before Retry-After");
        }
    }

    /** Scheduling on a loaded machine: how late a retry or the app's exit may be observed. */
    private static final long SLACK_MS = 400;

    /** Requests that fit in {@code windowMs} from the first, each retry {@code waitMs(attempt)} after the last. */
    private static int requestsWithin(long windowMs, java.util.function.IntToLongFunction waitMs) {
        if (windowMs < 0) {
            return 1;
        }
        int requests = 1;
        long at = 0;
        while (true) {
            at += waitMs.applyAsLong(requests);
            if (at > windowMs) {
                return requests;
            }
            requests++;
        }
    }

    private static long windowMs(List<Long> arrivals, long exitNanos) {
        return arrivals.isEmpty() ? -1 : (exitNanos - arrivals.get(0)) / 1_000_000;
    }

    private static String gapsMs(List<Long> arrivals) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i < arrivals.size(); i++) {
            b.append(i > 1 ? "," : "").append((arrivals.get(i) - arrivals.get(i - 1)) / 1_000_000);
        }
        return b.toString();
    }
}
