package dev.infertel.it.app;

import com.acme.ends.EndingClient;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.LockSupport;

/**
 * Calls {@code EndingClient.call} from {@code threads} threads, each about every {@code pause_us}, until
 * it is killed. After each call returns, the thread writes the call's end (nanoTime) into a memory-mapped
 * ledger, which outlives a kill -9: per thread a count, then one end per call (call n of thread t has the
 * model {@code t<t>-<n>}). Prints "running" once the queue had time to open.
 */
public final class DurabilityApp {

    public static final int SLOTS = 1 << 20;

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        long pauseNanos = Long.parseLong(args[1]) * 1000;
        Path ledgerFile = Path.of(args[2]);
        MappedByteBuffer ledger;
        try (FileChannel ch = FileChannel.open(ledgerFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            ledger = ch.map(FileChannel.MapMode.READ_WRITE, 0, (long) threads * (SLOTS + 1) * 8);
        }
        EndingClient client = new EndingClient();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread caller = new Thread(() -> {
                int base = thread * (SLOTS + 1) * 8;
                for (int n = 0; n < SLOTS; n++) {
                    client.call("t" + thread + "-" + n, n);
                    long end = System.nanoTime();
                    ledger.putLong(base + 8 + n * 8, end);
                    ledger.putLong(base, n + 1); // after the end: a counted call has its end written
                    LockSupport.parkNanos(pauseNanos);
                }
            }, "caller-" + t);
            caller.start();
        }
        Thread.sleep(2500);
        System.out.println("running");
        Thread.sleep(120_000);
    }
}
