package dev.infertel.agent.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infertel.agent.cli.StatsCommandTest;
import dev.infertel.agent.record.RecordCodec;
import dev.infertel.agent.record.TelemetryRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A queue read as ranges of indices in parallel gives every record once, across roll cycles. */
class QueueSourceTest {

    @TempDir
    Path dir;

    @Test
    void rangesOfIndicesAcrossCyclesReadEveryRecordOnce() throws Exception {
        List<TelemetryRecord> records = new ArrayList<>();
        SetTimeProvider clock = new SetTimeProvider(TimeUnit.HOURS.toNanos(500_000));
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir.toFile())
                .rollCycle(RollCycles.FAST_HOURLY).timeProvider(clock).build()) {
            ExcerptAppender appender = queue.createAppender();
            for (int n = 1; n <= 30_000; n++) {
                if (n % 9_000 == 0) {
                    clock.advanceMillis(TimeUnit.HOURS.toMillis(n % 18_000 == 0 ? 3 : 1)); // a new cycle, some skipped
                }
                TelemetryRecord r = StatsCommandTest.rec(n % 7, n, n % 3 == 0 ? "a" : "b", n % 2 == 0 ? "NVIDIA L4" : null);
                records.add(r);
                try (DocumentContext dc = appender.writingDocument()) {
                    RecordCodec.write(dc.wire().bytes(), r);
                }
            }
        }
        QueueSource queue = new QueueSource(dir);
        List<RecordSource> parts = queue.split(4096 * 340);
        assertTrue(parts.size() >= 8, "several ranges per cycle: " + parts.size());
        StatsResult split = StatsEngine.run(List.of(List.of(queue)), StatsQuery.defaults(),
                new StatsEngine.Options(3, false, null, 4096 * 340), new Problems());
        StatsResult whole = StatsEngine.run(records, StatsQuery.defaults());
        assertEquals(30_000, split.read());
        assertEquals(0, split.duplicates(), "no record read by two ranges");
        assertEquals(whole.groups().stream().map(StatsResult.Group::stats).toList(),
                split.groups().stream().map(StatsResult.Group::stats).toList());
    }
}
