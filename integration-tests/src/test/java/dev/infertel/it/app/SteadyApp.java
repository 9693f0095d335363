package dev.infertel.it.app;

import com.acme.llm.FastClient;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Calls {@link FastClient#generate} at a steady pace (one call per {@code pace_us}) for
 * {@code seconds} (0: until killed), timing each call with System.nanoTime. Prints
 * {@code calls=N p50_us=.. p99_us=.. max_us=..} at the end; every 500 calls it prints {@code calls=N}.
 * Arguments: pace_us, seconds, tenant, model.
 */
public final class SteadyApp {

    private SteadyApp() {
    }

    public static void main(String[] args) {
        Map<String, String> o = new TreeMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            o.put(a.substring(0, eq), a.substring(eq + 1));
        }
        long paceNanos = Long.parseLong(o.getOrDefault("pace_us", "1000")) * 1000;
        long seconds = Long.parseLong(o.getOrDefault("seconds", "0"));
        String tenant = o.getOrDefault("tenant", "tenant-a");
        String model = o.getOrDefault("model", "fast-model");
        FastClient client = new FastClient();
        long[] latencies = new long[1 << 16];
        int n = 0;
        long start = System.nanoTime();
        long end = seconds == 0 ? Long.MAX_VALUE : start + seconds * 1_000_000_000L;
        long next = start;
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            client.generate(model, tenant);
            long took = System.nanoTime() - t0;
            if (n == latencies.length) {
                latencies = Arrays.copyOf(latencies, n * 2);
            }
            latencies[n++] = took;
            if (n % 500 == 0) {
                System.out.println("calls=" + n);
                System.out.flush();
            }
            next += paceNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        System.out.println("calls=" + n + " p50_us=" + sorted[n / 2] / 1000.0 + " p99_us=" + sorted[(int) (n * 0.99)] / 1000.0
                + " max_us=" + sorted[n - 1] / 1000.0);
    }
}
