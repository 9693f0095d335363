package dev.infertel.agent.queue;

import dev.infertel.agent.config.QueueConfig;
import java.nio.file.Path;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

/** Opens the Chronicle Queue that holds records, for writing (the agent) or reading (shipper, CLI). */
public final class RecordQueue {

    static {
        // Chronicle phones home by default; an agent inside someone's application never does.
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("chronicle.announcer.disable", "true");
        System.setProperty("jvm.resource.tracing", "false");
    }

    /** Records are small; Chronicle's default mapping block (64 MiB+) would only inflate resident memory. */
    private static final long BLOCK_SIZE = 4L << 20;

    private RecordQueue() {
    }

    public static SingleChronicleQueue open(Path dir, QueueConfig.RollCycle cycle) {
        return open(dir, switch (cycle) {
            case FIVE_MINUTELY -> RollCycles.FIVE_MINUTELY;
            case HOURLY -> RollCycles.FAST_HOURLY;
            case DAILY -> RollCycles.FAST_DAILY;
        });
    }

    /**
     * Opens with any of Chronicle's roll cycles (tests use a secondly one to see files roll). An existing
     * queue keeps the cycle its files were written with.
     */
    public static SingleChronicleQueue open(Path dir, net.openhft.chronicle.queue.RollCycle cycle) {
        return SingleChronicleQueueBuilder.binary(dir.toFile())
                .blockSize(BLOCK_SIZE)
                .rollCycle(cycle)
                .build();
    }

    /** Opens an existing queue for reading; its files say which roll cycle it uses. */
    public static SingleChronicleQueue openExisting(Path dir) {
        return SingleChronicleQueueBuilder.binary(dir.toFile()).build();
    }
}
