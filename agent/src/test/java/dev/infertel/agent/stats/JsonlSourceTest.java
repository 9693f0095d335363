package dev.infertel.agent.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infertel.agent.cli.StatsCommandTest;
import dev.infertel.agent.record.JsonBytes;
import dev.infertel.agent.record.RecordJsonEncoder;
import dev.infertel.agent.record.TelemetryRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSONL read a buffer of lines at a time by one parser: broken lines, ranges, line numbers. */
class JsonlSourceTest {

    @TempDir
    Path dir;

    static String line(TelemetryRecord r) {
        JsonBytes b = new JsonBytes(1024);
        new RecordJsonEncoder().write(r, b);
        return new String(b.array(), 0, b.size(), StandardCharsets.UTF_8);
    }

    static StatsResult read(Path file, long splitBytes, Problems problems) throws Exception {
        return StatsEngine.run(RecordSources.of(List.of(), List.of(file)), StatsQuery.defaults(),
                new StatsEngine.Options(2, false, null, splitBytes), problems);
    }

    @Test
    void aBrokenLineCostsOnlyItselfAndIsNamedByItsLineNumber() throws Exception {
        List<String> lines = new ArrayList<>();
        List<Integer> broken = new ArrayList<>();
        int good = 0;
        for (int n = 1; n <= 40; n++) {
            String record = line(StatsCommandTest.rec(7, n, "m", null));
            switch (n % 8) {
                case 1 -> {
                    lines.add("not json at all");
                    broken.add(lines.size());
                }
                case 2 -> {
                    lines.add("[1, 2, 3]");
                    broken.add(lines.size());
                }
                case 3 -> {
                    lines.add(record + " " + record); // two values on one line: neither is taken
                    broken.add(lines.size());
                    continue;
                }
                case 4 -> {
                    lines.add(record.substring(0, record.length() / 2)); // cut short, the next line is whole
                    broken.add(lines.size());
                }
                case 5 -> {
                    lines.add("");
                    lines.add("   ");
                }
                case 6 -> {
                    lines.add("{\"record_id\": \"00000000000000aa-000000000001\",");
                    broken.add(lines.size());
                    lines.add("\"ts\": \"2026-11-23T10:00:00.000000Z\"}"); // a record over two lines
                    broken.add(lines.size());
                }
                default -> {
                    // nothing before the record
                }
            }
            lines.add(record);
            good++;
        }
        Path file = Files.writeString(dir.resolve("mixed.jsonl"), String.join("\n", lines) + "\n");
        Problems problems = new Problems();
        StatsResult result = read(file, 16L << 20, problems);
        assertEquals(good, result.read());
        assertEquals(broken.size(), problems.count(), problems.messages().toString());
        for (int i = 0; i < Math.min(broken.size(), problems.messages().size()); i++) {
            String m = problems.messages().get(i);
            assertTrue(m.contains(" line " + broken.get(i) + ":"), "line " + broken.get(i) + " in " + m);
        }
    }

    @Test
    void rangesReadEveryLineOnceWhereverTheyCut() throws Exception {
        StringBuilder b = new StringBuilder();
        for (int n = 1; n <= 3000; n++) {
            b.append(line(StatsCommandTest.rec(n % 5, n, n % 3 == 0 ? "a" : "b", n % 2 == 0 ? "NVIDIA L4" : null)));
            b.append(n % 100 == 0 ? "\r\n" : "\n");
        }
        Path file = Files.writeString(dir.resolve("many.jsonl"), b.toString());
        StatsResult whole = read(file, 1L << 30, new Problems());
        assertEquals(3000, whole.read());
        for (long split : new long[] {1000, 4096, 7777, 65_536, 333_333}) {
            Problems problems = new Problems();
            StatsResult parts = read(file, split, problems);
            assertEquals(0, problems.count(), problems.messages().toString());
            assertEquals(whole.read(), parts.read(), "split " + split);
            assertEquals(whole.groups().stream().map(StatsResult.Group::stats).toList(),
                    parts.groups().stream().map(StatsResult.Group::stats).toList(), "split " + split);
        }
    }

    @Test
    void newlinesAreCountedExactly() {
        byte[] b = "\n\n\u0001\n\u000b\nab\n\n\n0123456789\n\n".getBytes(StandardCharsets.ISO_8859_1);
        int expected = 0;
        for (byte x : b) {
            expected += x == '\n' ? 1 : 0;
        }
        for (int from = 0; from < b.length; from++) {
            int plain = 0;
            for (int i = from; i < b.length; i++) {
                plain += b[i] == '\n' ? 1 : 0;
            }
            assertEquals(plain, JsonlSource.countNewlines(b, from, b.length), "from " + from);
        }
        assertEquals(expected, JsonlSource.countNewlines(b, 0, b.length));
    }
}
