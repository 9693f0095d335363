package dev.infertel.agent.queue;

import dev.infertel.agent.config.QueueConfig;
import dev.infertel.agent.log.AgentLog;
import java.nio.file.Path;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.StoreFileListener;
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
    private static final String METADATA = "metadata.cq4t";

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
        try {
            // 0700 before Chronicle puts a file in it: others cannot even reach the files in the moment
            // before their permissions are fixed
            OwnerOnlyFiles.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create the queue directory " + dir, e);
        }
        SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir.toFile())
                .blockSize(BLOCK_SIZE)
                .rollCycle(cycle)
                .storeFileListener(new OwnerOnlyCycles())
                .build();
        restrictFiles(dir); // the metadata and directory listing Chronicle made while opening
        return queue;
    }

    /** Chronicle creates its files with the umask's permissions: each cycle file is made owner-only as it is acquired. */
    private static final class OwnerOnlyCycles implements StoreFileListener {

        @Override
        public void onAcquired(int cycle, java.io.File file) {
            try {
                OwnerOnlyFiles.restrict(file.toPath());
            } catch (java.io.IOException | RuntimeException e) {
                // another user's file, or gone: the 0700 directory still keeps others out
            }
        }

        @Override
        public void onReleased(int cycle, java.io.File file) {
        }
    }

    private static void restrictFiles(Path dir) {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
            files.filter(java.nio.file.Files::isRegularFile).forEach(f -> {
                try {
                    OwnerOnlyFiles.restrict(f);
                } catch (java.io.IOException | RuntimeException e) {
                    // not ours to change: the 0700 directory still keeps others out
                }
            });
        } catch (java.io.IOException | RuntimeException e) {
            // as above
        }
    }

    /**
     * Has Chronicle register its JVM shutdown hooks now, which it otherwise does midway through the
     * first open: a queue can then still open after the JVM began to shut down (to ship what a
     * short-lived application recorded before it exits).
     */
    public static void registerShutdownHooks() throws ClassNotFoundException {
        ClassLoader loader = RecordQueue.class.getClassLoader();
        // Chronicle's Jvm first: it is most of the time this takes. The releaser then starts its thread and
        // adds its hook within microseconds; were the JVM to shut down in between, that thread would die
        // with a NoClassDefFoundError printed on the application's stderr.
        Class.forName("net.openhft.chronicle.core.Jvm", true, loader);
        if (shuttingDown()) {
            throw new IllegalStateException("the JVM is shutting down");
        }
        Class.forName("net.openhft.chronicle.core.io.BackgroundResourceReleaser", true, loader);
    }

    /** Whether the JVM has begun to shut down. */
    public static boolean shuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    /**
     * Opens an existing queue read-only (the readers: {@code tail}, {@code status}, {@code show},
     * {@code stats}): nothing in the directory is created or written, so they work on a full disk and on
     * a queue they may only read. Its files say which roll cycle it uses. Records an application left in
     * {@code pending/} stay there for the next agent or {@code ship} to append; readers show them through
     * {@link PendingSpill#waiting}.
     */
    public static SingleChronicleQueue openExisting(Path dir) {
        Path metadata = dir.resolve(METADATA);
        if (!java.nio.file.Files.isRegularFile(metadata)) {
            // without it a read-only open would guess the roll cycle and read nothing
            throw new java.io.UncheckedIOException(new java.nio.file.NoSuchFileException(metadata.toString(), null,
                    "the queue's metadata is missing"));
        }
        return SingleChronicleQueueBuilder.binary(dir.toFile()).readOnly(true).build();
    }

    /** Whether a process has opened a queue in {@code dir} (its metadata or a cycle file is there). */
    public static boolean exists(Path dir) {
        if (java.nio.file.Files.isRegularFile(dir.resolve(METADATA))) {
            return true;
        }
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".cq4"));
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    /** Appends what earlier processes left in {@code <queue>/pending} at exit (see {@link PendingSpill}). */
    public static void appendPending(SingleChronicleQueue queue, Path dir, AgentLog log) {
        try {
            int n = PendingSpill.importInto(queue, dir);
            if (n > 0) {
                log.info("appended " + n + " record(s) that an earlier process left in " + dir.resolve(PendingSpill.FOLDER));
            }
        } catch (java.io.IOException | RuntimeException e) {
            log.warn("could not append the records left in " + dir.resolve(PendingSpill.FOLDER) + ": " + e);
        }
    }
}
