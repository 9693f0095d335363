package dev.infertel.agent.ship;

import dev.infertel.agent.log.AgentLog;
import dev.infertel.agent.queue.OwnerOnlyFiles;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.text.ParseException;
import java.text.SimpleDateFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * Keeps the queue within {@code queue.max_disk_mb} and {@code queue.retention} by deleting whole roll
 * cycle files, oldest first, shipped or not. Before a file goes, its record count is written to the
 * {@link DropLedger}, from which every sink counts what it lost. The newest file and the current
 * cycle's are never deleted (appenders write there). One process per queue does this (a lock file).
 */
public final class QueueBudget {

    private static final String LOCK = "budget.lock";

    private final SingleChronicleQueue queue;
    private final Path dir;
    private final long maxBytes;
    private final Duration retention;
    private final DropLedger ledger;
    private final AgentLog log;
    private final long periodNanos;
    private final Thread thread;
    private volatile boolean running;
    private FileChannel lockChannel;
    private FileLock lock;

    public QueueBudget(SingleChronicleQueue queue, long maxBytes, Duration retention, AgentLog log, long periodMillis) {
        this.queue = queue;
        this.dir = queue.file().toPath();
        this.maxBytes = maxBytes;
        this.retention = retention;
        this.ledger = new DropLedger(dir);
        this.log = log;
        this.periodNanos = TimeUnit.MILLISECONDS.toNanos(periodMillis);
        this.thread = new Thread(this::run, "telemetry-queue-budget");
        thread.setDaemon(true);
    }

    public void start() {
        running = true;
        thread.start();
    }

    public void stop() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (running) {
                try {
                    if (holdsLock()) {
                        enforce(System.currentTimeMillis());
                    }
                } catch (RuntimeException | IOException e) {
                    log.once("budget-fail", "queue budget check failed (" + e + "); the queue may grow past it");
                }
                LockSupport.parkNanos(periodNanos);
            }
        } finally {
            try {
                if (lock != null) {
                    lock.release();
                }
                if (lockChannel != null) {
                    lockChannel.close();
                }
            } catch (IOException ignored) {
                // the lock goes with the process anyway
            }
        }
    }

    private boolean holdsLock() throws IOException {
        if (lock != null) {
            return true;
        }
        if (lockChannel == null) {
            OwnerOnlyFiles.createDirectories(SinkState.dir(dir));
            lockChannel = OwnerOnlyFiles.open(SinkState.dir(dir).resolve(LOCK), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
        }
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        return lock != null;
    }

    /** One pass: deletes what the bounds require; returns how many files went. */
    int enforce(long nowMillis) throws IOException {
        List<CycleFile> files = cycleFiles(queue);
        if (files.size() < 2) {
            return 0;
        }
        long total = 0;
        for (CycleFile f : files) {
            total += f.file.length();
        }
        int current = queue.cycle();
        int newest = files.get(files.size() - 1).cycle;
        int deleted = 0;
        for (CycleFile f : files) {
            if (f.cycle >= newest || f.cycle >= current) {
                break;
            }
            boolean expired = retention != null && f.file.lastModified() < nowMillis - retention.toMillis();
            boolean over = maxBytes > 0 && total > maxBytes;
            if (!expired && !over) {
                break;
            }
            long length = f.file.length();
            long records = records(f.cycle);
            if (!ledger.contains(f.cycle)) {
                ledger.append(f.cycle, records, f.file.getName());
            }
            if (!f.file.delete() && f.file.exists()) {
                log.once("budget-delete-" + f.cycle, "cannot delete queue file " + f.file + "; the queue stays over its bound");
                break;
            }
            total -= length;
            deleted++;
            log.warn("deleted queue file " + f.file.getName() + " (" + records + " record(s), "
                    + (expired ? "older than retention " + retention : "queue over max_disk_mb "
                    + (maxBytes >> 20) + " MiB") + "); sinks count the unshipped ones as dropped");
        }
        if (deleted > 0) {
            queue.refreshDirectoryListing();
        }
        return deleted;
    }

    private long records(int cycle) {
        try (ExcerptTailer t = queue.createTailer()) {
            return t.excerptsInCycle(cycle);
        }
    }

    record CycleFile(int cycle, File file) {
    }

    /** The queue's roll cycle files, oldest first, with the cycle each file name says. */
    static List<CycleFile> cycleFiles(SingleChronicleQueue queue) {
        RollCycle rc = queue.rollCycle();
        SimpleDateFormat format = new SimpleDateFormat(rc.format());
        format.setTimeZone(TimeZone.getTimeZone("UTC"));
        List<CycleFile> out = new ArrayList<>();
        File[] files = queue.file().listFiles((d, n) -> n.endsWith(".cq4"));
        if (files == null) {
            return out;
        }
        for (File f : files) {
            String name = f.getName();
            try {
                long millis = format.parse(name.substring(0, name.length() - 4)).getTime();
                out.add(new CycleFile((int) (millis / rc.lengthInMillis()), f));
            } catch (ParseException e) {
                // not a cycle file of this queue
            }
        }
        out.sort((a, b) -> Integer.compare(a.cycle, b.cycle));
        return out;
    }
}
