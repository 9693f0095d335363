package dev.infertel.bench.callertimed;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The application of scripts/caller-timed-bench.sh: calls {@link CallerTimedClient} on a fixed schedule
 * (each thread parks until its next slot, as a service at that rate would, so caches are cold between
 * calls) and times each call itself with {@link System#nanoTime()} around it. Run without an agent, with
 * ours and with OpenTelemetry's; {@link CallerTimedReport} compares them.
 *
 * <pre>java -cp test-classes dev.infertel.bench.callertimed.CallerTimedApp OUT_FILE CALLS_PER_THREAD [CASE...]</pre>
 *
 * Every case makes the same number of calls on each thread, so the slower rate runs longer: its p99
 * rests on as many calls as the faster rate's.
 *
 * OUT_FILE gets one line per call, {@code case thread seq start_nanos end_nanos}, after a header line
 * {@code # anchor EPOCH_MICROS NANOS} that puts the nanoTime stamps on the wall clock the records use.
 */
public final class CallerTimedApp {

    static final String MODEL = "bench-model";
    static final String PROMPT = "a prompt of some forty characters, or so";
    private static final int WARMUP_CALLS = 10_000;

    private CallerTimedApp() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: CallerTimedApp OUT_FILE CALLS_PER_THREAD [CASE...] (cases: " + BenchCase.all() + ")");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        int calls = Integer.parseInt(args[1]);
        List<BenchCase> cases = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            cases.add(BenchCase.parse(args[i]));
        }
        if (cases.isEmpty()) {
            cases = BenchCase.all();
        }
        CallerTimedClient client = new CallerTimedClient();
        long sink = warmUp(client);
        // the agent's recorder catches up before the first measured call
        Thread.sleep(1_500);
        long[] anchor = anchor();
        try (BufferedWriter w = Files.newBufferedWriter(out)) {
            w.write("# anchor " + anchor[0] + " " + anchor[1] + "\n");
            for (BenchCase c : cases) {
                sink += runCase(client, c, calls, w);
            }
        }
        System.out.println("caller-timed: " + cases.size() + " cases of " + calls + " calls a thread (" + (sink & 1) + ")");
    }

    /** Calls unpaced, on a thread of its own (so its records match no case), until both methods are compiled. */
    private static long warmUp(CallerTimedClient client) throws InterruptedException {
        long[] sink = new long[1];
        Thread t = new Thread(() -> {
            CountingListener listener = new CountingListener();
            for (int i = 0; i < WARMUP_CALLS; i++) {
                sink[0] += client.complete(MODEL, PROMPT);
                client.stream(MODEL, PROMPT, listener);
            }
            sink[0] += listener.chunks;
        }, "ct-warmup");
        t.start();
        t.join();
        return sink[0];
    }

    private static long runCase(CallerTimedClient client, BenchCase c, int calls, BufferedWriter w)
            throws InterruptedException, IOException {
        long period = 1_000_000_000L / c.ratePerThread();
        long begin = System.nanoTime() + 20_000_000L;
        Paced[] threads = new Paced[c.threads()];
        for (int k = 0; k < threads.length; k++) {
            // the threads' slots are spread over the period, as independent callers' would be
            threads[k] = new Paced(client, c, calls, begin + k * period / threads.length, period, c.name() + "-" + k);
            threads[k].start();
        }
        long sink = 0;
        for (Paced t : threads) {
            t.join();
            sink += t.sink;
        }
        for (Paced t : threads) {
            for (int i = 0; i < calls; i++) {
                w.write(c.name() + " " + t.getName() + " " + i + " " + t.start[i] + " " + t.end[i] + "\n");
            }
        }
        return sink;
    }

    /** Epoch micros and nanoTime read together: the pair read closest together of a few. */
    private static long[] anchor() {
        long best = Long.MAX_VALUE;
        long[] anchor = new long[2];
        for (int i = 0; i < 20; i++) {
            long before = System.nanoTime();
            Instant now = Instant.now();
            long after = System.nanoTime();
            if (after - before < best) {
                best = after - before;
                anchor[0] = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
                anchor[1] = before + (after - before) / 2;
            }
        }
        return anchor;
    }

    /** One calling thread: waits for each slot, times the call, keeps the stamps in arrays made beforehand. */
    private static final class Paced extends Thread {
        private final CallerTimedClient client;
        private final boolean stream;
        private final long first;
        private final long period;
        final long[] start;
        final long[] end;
        long sink;

        Paced(CallerTimedClient client, BenchCase c, int calls, long first, long period, String name) {
            super(name);
            this.client = client;
            this.stream = c.method().equals("stream");
            this.first = first;
            this.period = period;
            this.start = new long[calls];
            this.end = new long[calls];
        }

        @Override
        public void run() {
            CountingListener listener = new CountingListener();
            for (int i = 0; i < start.length; i++) {
                long slot = first + i * period;
                for (long wait = slot - System.nanoTime(); wait > 0; wait = slot - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                long t0 = System.nanoTime();
                if (stream) {
                    client.stream(MODEL, PROMPT, listener);
                } else {
                    sink += client.complete(MODEL, PROMPT);
                }
                long t1 = System.nanoTime();
                start[i] = t0;
                end[i] = t1;
            }
            sink += listener.chunks;
        }
    }

    private static final class CountingListener implements ChunkListener {
        long chunks;

        @Override
        public void onChunk(String chunk) {
            chunks += chunk.length();
        }

        @Override
        public void onComplete(int n) {
            chunks += n;
        }

        @Override
        public void onError(Throwable error) {
            chunks = -1;
        }
    }
}
