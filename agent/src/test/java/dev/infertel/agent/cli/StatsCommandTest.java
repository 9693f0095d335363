package dev.infertel.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infertel.agent.config.QueueConfig;
import dev.infertel.agent.queue.RecordQueue;
import dev.infertel.agent.record.Exit;
import dev.infertel.agent.record.GapHistogram;
import dev.infertel.agent.record.GpuFields;
import dev.infertel.agent.record.RecordCodec;
import dev.infertel.agent.record.RecordJson;
import dev.infertel.agent.record.TelemetryRecord;
import dev.infertel.agent.record.Timestamps;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stats} on a queue and two JSONL files (one gzipped, one rotated name) merged. */
public class StatsCommandTest {

    static final long T0 = Timestamps.parseIsoMicros("2026-11-23T10:00:00.000000Z");

    @TempDir
    Path dir;

    /** Call n of model m: starts at T0 + n s, TTFT 10 n ms, e2e 100 n ms, 10 n output tokens. */
    public static TelemetryRecord rec(long process, int n, String model, String gpu) {
        GpuFields g = gpu == null ? null : new GpuFields(gpu, 1, List.of("GPU-0"), 1000.0, 500.0, 200.0, 250.0, 50.0,
                60.0, 2.0 * n, "counter", null, null, 0, false);
        return new TelemetryRecord(process, n, T0 + n * 1_000_000L, "chat", "vllm", null, model, Exit.OK, null,
                10.0 * n, 100.0 * n, 0, null, 5L, 10L * n, TelemetryRecord.TokensSource.USAGE, null, null, "main", 1,
                null, g);
    }

    void writeQueue(Path q, List<TelemetryRecord> records) {
        try (SingleChronicleQueue queue = RecordQueue.open(q, QueueConfig.RollCycle.HOURLY)) {
            ExcerptAppender appender = queue.createAppender();
            for (TelemetryRecord r : records) {
                try (DocumentContext dc = appender.writingDocument()) {
                    RecordCodec.write(dc.wire().bytes(), r);
                }
            }
        }
    }

    static void writeJsonl(OutputStream out, List<TelemetryRecord> records) throws IOException {
        for (TelemetryRecord r : records) {
            out.write((RecordJson.toJson(r) + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {String.valueOf(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    /** CSV rows keyed by their first column. */
    static Map<String, Map<String, String>> csv(String text) {
        List<String> lines = text.lines().toList();
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), cells[i]);
            }
            rows.put(cells[0], row);
        }
        return rows;
    }

    Path inputs() throws IOException {
        // queue: model a, calls 1..4 of host 1; file 1: a 5..6 and (again) a 4; file 2 (gzipped): b 1..3
        List<TelemetryRecord> queue = new ArrayList<>();
        for (int n = 1; n <= 4; n++) {
            queue.add(rec(1, n, "a", "NVIDIA L4"));
        }
        writeQueue(dir.resolve("queue"), queue);
        Path logs = Files.createDirectories(dir.resolve("logs"));
        try (OutputStream out = Files.newOutputStream(logs.resolve("records.jsonl.1"))) {
            writeJsonl(out, List.of(rec(1, 5, "a", "NVIDIA L4"), rec(1, 6, "a", "NVIDIA L4"), rec(1, 4, "a", "NVIDIA L4")));
        }
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(logs.resolve("other-host.jsonl.gz")))) {
            writeJsonl(out, List.of(rec(2, 1, "b", null), rec(2, 2, "b", null), rec(2, 3, "b", null)));
        }
        Files.writeString(logs.resolve("notes.txt"), "not records");
        return logs;
    }

    @Test
    void queueAndJsonlFilesAreMergedAndDeduplicated() throws IOException {
        Path logs = inputs();
        String[] r = run("stats", "--queue", dir.resolve("queue").toString(), logs.toString(), "--by", "model", "--csv");
        assertEquals("0", r[0], r[2]);
        Map<String, Map<String, String>> rows = csv(r[1]);
        assertEquals(List.of("a", "b"), List.copyOf(rows.keySet()));
        Map<String, String> a = rows.get("a");
        // a: calls 1..6 once each (call 4 is in the queue and in the file)
        assertEquals("6", a.get("calls"));
        assertEquals(String.valueOf(10 * (1 + 2 + 3 + 4 + 5 + 6)), a.get("tokens_out"));
        assertWithinBound(30.0, a.get("ttft_p50_ms"));
        assertWithinBound(60.0, a.get("ttft_p99_ms"));
        assertWithinBound(600.0, a.get("e2e_p99_ms"));
        assertEquals(String.valueOf(210 / 2.1), a.get("output_tokens_per_s"));
        assertEquals(String.valueOf(2.0 * 21), a.get("energy_j"));
        Map<String, String> b = rows.get("b");
        assertEquals("3", b.get("calls"));
        assertWithinBound(20.0, b.get("ttft_p50_ms"));
        assertEquals("", b.get("energy_j"));
    }

    /** A percentile from the histograms: within the documented bound of the exact nearest-rank value. */
    static void assertWithinBound(double exact, String figure) {
        double v = Double.parseDouble(figure);
        assertTrue(Math.abs(v - exact) <= exact * GapHistogram.RELATIVE_ERROR, figure + " vs exact " + exact);
    }

    @Test
    void exactGivesTheNearestRankValuesThemselves() throws IOException {
        Path logs = inputs();
        String[] r = run("stats", "--queue", dir.resolve("queue").toString(), logs.toString(), "--by", "model", "--csv",
                "--exact");
        assertEquals("0", r[0], r[2]);
        Map<String, Map<String, String>> rows = csv(r[1]);
        assertEquals("30.0", rows.get("a").get("ttft_p50_ms"));
        assertEquals("60.0", rows.get("a").get("ttft_p99_ms"));
        assertEquals("600.0", rows.get("a").get("e2e_p99_ms"));
        assertEquals("20.0", rows.get("b").get("ttft_p50_ms"));
    }

    @Test
    void helpSaysWhatExactCosts() {
        String[] r = run("help");
        assertTrue(r[1].contains("--exact") && r[1].contains("memory grows with the input"), r[1]);
    }

    @Test
    void sinceAndUntilAcceptIsoTimes() throws IOException {
        Path logs = inputs();
        String[] r = run("stats", "--queue", dir.resolve("queue").toString(), logs.toString(), "--by", "model", "--csv",
                "--since", "2026-11-23T10:00:02Z", "--until", "2026-11-23T10:00:05Z");
        assertEquals("0", r[0], r[2]);
        Map<String, Map<String, String>> rows = csv(r[1]);
        // starts at +2 s, +3 s, +4 s; the call at +5 s is outside [since, until)
        assertEquals("3", rows.get("a").get("calls"));
        assertWithinBound(30.0, rows.get("a").get("ttft_p50_ms"));
        assertEquals("2", rows.get("b").get("calls"));
    }

    @Test
    void warmUpIsDroppedPerGroup() throws IOException {
        Path logs = inputs();
        String[] r = run("stats", "--queue", dir.resolve("queue").toString(), logs.toString(), "--by", "model", "--csv",
                "--exclude-warmup", "2");
        Map<String, Map<String, String>> rows = csv(r[1]);
        assertEquals("4", rows.get("a").get("calls"));
        assertEquals("2", rows.get("a").get("excluded"));
        assertEquals("1", rows.get("b").get("calls"));
        assertWithinBound(30.0, rows.get("b").get("ttft_p50_ms"));
    }

    @Test
    void theTableIsAlignedAndLeavesOutEmptyFigures() throws IOException {
        Path logs = inputs();
        String[] r = run("stats", logs.toString(), dir.resolve("queue").toString(), "--by", "model,gpu");
        assertEquals("0", r[0], r[2]);
        List<String> lines = r[1].lines().toList();
        assertEquals(3, lines.size(), r[1]);
        assertTrue(lines.get(0).startsWith("model  gpu        calls"), r[1]);
        assertTrue(lines.get(1).startsWith("a      NVIDIA L4      6"), r[1]);
        assertTrue(lines.get(2).startsWith("b      -              3"), r[1]);
        assertTrue(!lines.get(0).contains("MFU%") && !lines.get(0).contains("cost"), r[1]);
    }

    @Test
    void jsonCarriesEveryFigure() throws IOException {
        Path logs = inputs();
        String[] r = run("stats", logs.toString(), "--json", "--by", "model");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("\"by\" : [ \"model\" ]"), r[1]);
        assertTrue(r[1].contains("\"mfu_pct\" : null"), r[1]);
        assertTrue(r[1].contains("\"calls\" : 3"), r[1]);
    }

    @Test
    void mistakesAreUsageErrors() {
        assertEquals("2", run("stats", "--by", "colour")[0]);
        assertEquals("2", run("stats", "--since", "yesterday")[0]);
        assertEquals("2", run("stats", "--exclude-warmup", "2", "--steady-state")[0]);
        assertEquals("1", run("stats", dir.resolve("missing").toString())[0]);
    }
}
