package dev.infertel.it.gpu.app;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CyclicBarrier;

/**
 * The application the GPU pairing tests attach the agent to.
 *
 * <ul>
 *   <li>{@code requests N}: N streams one after another (model {@code solo-i}), then two streams started
 *       together on two threads (models {@code overlap-a}, {@code overlap-b}). Each stream: first chunk
 *       after 100 ms, 10 chunks 20 ms apart.</li>
 *   <li>{@code early FIRST_CHUNK_MS}: at once, before the agent has opened NVML, one stream (model {@code early})
 *       whose first chunk comes after FIRST_CHUNK_MS; then one more (model {@code after}).</li>
 *   <li>{@code idle|busy SECONDS WARM_UP_SECONDS}: streams calls for the warm-up (the sampler's code gets
 *       compiled), then measures SECONDS either idle (no call in flight) or busy (one long streamed call in
 *       flight throughout), and prints the CPU time the thread {@code telemetry-gpu-sampler} used in them as
 *       {@code sampler_cpu_ns=... baseline_cpu_ns=... wall_ns=...}. The baseline is a thread of this app that
 *       only wakes every 20 ms, measured over the same seconds: what any timer thread costs on this machine
 *       (measurement only, no telemetry).</li>
 * </ul>
 */
public final class GpuPairingApp {

    static final int FIRST_CHUNK_MS = 100;
    static final int GAP_MS = 20;
    static final int CHUNKS = 10;

    private GpuPairingApp() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "requests" -> requests(Integer.parseInt(args[1]));
            case "early" -> early(Integer.parseInt(args[1]));
            case "idle" -> samplerCpu(false, Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "busy" -> samplerCpu(true, Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static void requests(int solo) throws Exception {
        ScriptedLlmClient client = new ScriptedLlmClient(FIRST_CHUNK_MS, GAP_MS, CHUNKS);
        // the agent opens NVML in the background; calls that start before it is ready carry no GPU
        // fields, so start serving a moment later, as a service does
        Thread.sleep(1000);
        for (int i = 0; i < solo; i++) {
            client.stream("solo-" + i, "hello", new Counter());
            Thread.sleep(50);
        }
        CyclicBarrier together = new CyclicBarrier(2);
        Thread a = overlapping(client, "overlap-a", together);
        Thread b = overlapping(client, "overlap-b", together);
        a.start();
        b.start();
        a.join();
        b.join();
        System.out.println("done");
    }

    private static void early(int firstChunkMs) {
        new ScriptedLlmClient(firstChunkMs, GAP_MS, CHUNKS).stream("early", "hello", new Counter());
        new ScriptedLlmClient(FIRST_CHUNK_MS, GAP_MS, CHUNKS).stream("after", "hello", new Counter());
        System.out.println("done");
    }

    private static Thread overlapping(ScriptedLlmClient client, String model, CyclicBarrier together) {
        return new Thread(() -> {
            try {
                together.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            client.stream(model, "hello", new Counter());
        }, model);
    }

    private static void samplerCpu(boolean busy, int seconds, int warmUpSeconds) throws Exception {
        ScriptedLlmClient warmUp = new ScriptedLlmClient(10, 10, 10);
        for (long until = System.nanoTime() + warmUpSeconds * 1_000_000_000L; System.nanoTime() < until; ) {
            warmUp.stream("warm-up", "hello", new Counter());
        }
        Thread call = null;
        if (busy) { // one call in flight for the whole measurement, and a little longer
            ScriptedLlmClient slow = new ScriptedLlmClient(100, 100, 10 * seconds + 5);
            call = new Thread(() -> slow.stream("busy", "hello", new Counter()), "busy-call");
            call.start();
        } else {
            Thread.sleep(2000); // past the sampler's idle delay
        }
        Thread baseline = new Thread(GpuPairingApp::tickEvery20Ms, "baseline-timer");
        baseline.setDaemon(true);
        baseline.start();
        Thread.sleep(200);
        Thread sampler = null;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("telemetry-gpu-sampler")) {
                sampler = t;
            }
        }
        if (sampler == null) {
            System.out.println("no sampler thread");
            return;
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getThreadCpuTime(sampler.getId());
        long base0 = threads.getThreadCpuTime(baseline.getId());
        long wall0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long cpu1 = threads.getThreadCpuTime(sampler.getId());
        long base1 = threads.getThreadCpuTime(baseline.getId());
        long wall1 = System.nanoTime();
        System.out.println("sampler_cpu_ns=" + (cpu1 - cpu0) + " baseline_cpu_ns=" + (base1 - base0)
                + " wall_ns=" + (wall1 - wall0));
        if (call != null) {
            call.join();
        }
    }

    /** The cheapest periodic thread: what one timer wake-up every 20 ms costs, whatever it does. */
    private static void tickEvery20Ms() {
        long next = System.nanoTime();
        while (true) {
            next += 20_000_000L;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(sleep);
            } else {
                next = System.nanoTime();
            }
        }
    }

    private static final class Counter implements ChunkListener {
        private int chunks;

        @Override
        public void onChunk(String chunk) {
            chunks++;
        }

        @Override
        public void onComplete(int total) {
            if (total != chunks) {
                throw new IllegalStateException(total + " != " + chunks);
            }
        }
    }
}
