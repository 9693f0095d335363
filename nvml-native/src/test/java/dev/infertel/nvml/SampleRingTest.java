package dev.infertel.nvml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Readers racing a writer that laps a tiny ring never accept a torn sample. */
class SampleRingTest {

    @Test
    void capacityRoundsUpToAPowerOfTwo() {
        assertEquals(16, new SampleRing(1, 16).capacity);
        assertEquals(32, new SampleRing(1, 17).capacity);
        assertEquals(2, new SampleRing(1, 2).capacity);
    }

    @Test
    void validatedReadsAreNeverTorn() throws Exception {
        SampleRing ring = new SampleRing(2, 8);
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            for (long i = 0; !stop.get(); i++) {
                int slot = ring.beginWrite(i);
                // Every column of sample i encodes i.
                ring.powerMw[0][slot] = (int) i;
                ring.energyMj[1][slot] = i;
                ring.memoryUsedBytes[1][slot] = i;
                ring.publish();
            }
        });
        AtomicLong accepted = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        AtomicReference<String> torn = new AtomicReference<>();
        Runnable reader = () -> {
            while (!stop.get()) {
                long hi = ring.published();
                if (hi == 0) {
                    continue;
                }
                long index = Math.max(0, hi - 4);
                int slot = ring.slot(index);
                long time = ring.timeNanos[slot];
                int power = ring.powerMw[0][slot];
                double energy = ring.energyMj[1][slot];
                long memory = ring.memoryUsedBytes[1][slot];
                if (ring.oldestIntact() > index) {
                    rejected.incrementAndGet();
                    continue;
                }
                accepted.incrementAndGet();
                if (time != index || power != (int) index || energy != index || memory != index) {
                    torn.compareAndSet(null, "index " + index + ": " + time + " " + power + " " + energy + " " + memory);
                }
            }
        };
        Thread[] readers = {new Thread(reader), new Thread(reader)};
        writer.start();
        for (Thread t : readers) {
            t.start();
        }
        Thread.sleep(300);
        stop.set(true);
        writer.join();
        for (Thread t : readers) {
            t.join();
        }
        assertEquals(null, torn.get());
        assertTrue(accepted.get() > 1000, "accepted " + accepted.get() + ", rejected " + rejected.get());
    }
}
