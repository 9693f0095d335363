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
 *   <li>{@code idle SECONDS [WARM_UP_SECONDS]}: sleeps the warm-up (the sampler's code gets compiled), then
 *       SECONDS more, and prints the CPU time the thread {@code telemetry-gpu-sampler} used in those SECONDS
 *       as {@code sampler_cpu_ns=... wall_ns=...} (measurement only, no telemetry).</li>
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
            case "idle" -> idle(Integer.parseInt(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 0);
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

    private static void idle(int seconds, int warmUpSeconds) throws InterruptedException {
        Thread.sleep(warmUpSeconds * 1000L);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
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
        long cpu0 = threads.getThreadCpuTime(sampler.getId());
        long wall0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long cpu1 = threads.getThreadCpuTime(sampler.getId());
        long wall1 = System.nanoTime();
        System.out.println("sampler_cpu_ns=" + (cpu1 - cpu0) + " wall_ns=" + (wall1 - wall0));
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
