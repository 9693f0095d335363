package dev.infertel.bench.stats;

import dev.infertel.agent.config.QueueConfig;
import dev.infertel.agent.queue.RecordQueue;
import dev.infertel.agent.record.Exit;
import dev.infertel.agent.record.GapHistogram;
import dev.infertel.agent.record.GpuFields;
import dev.infertel.agent.record.ItlSummary;
import dev.infertel.agent.record.JsonBytes;
import dev.infertel.agent.record.RecordCodec;
import dev.infertel.agent.record.RecordJsonEncoder;
import dev.infertel.agent.record.TelemetryRecord;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;
import java.util.zip.GZIPOutputStream;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * A fleet's worth of records, each a pure function of its index: 3 models x 2 GPUs x 4 exits from
 * 8 processes (sequential ids per process), latencies log-normal, 24 gaps of a gap histogram, GPU
 * energy, some priced. Durations are whole microseconds and energies whole microjoules, so that the
 * JSONL form (rounded to those) holds exactly the values of the queue form. For the scale test and
 * the reader benchmark alike.
 */
public final class SyntheticRecords {

    public static final long T0 = 1_795_000_000_000_000L;
    public static final int PROCESSES = 8;
    static final String[] MODELS = {"llama-3.1-8b", "llama-3.1-70b", "mixtral-8x7b"};
    static final String[] GPUS = {"NVIDIA H100 80GB HBM3", "NVIDIA L40S"};
    private static final long[] PROCESS_IDS = new long[PROCESSES];

    static {
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < PROCESSES; i++) {
            PROCESS_IDS[i] = r.nextLong();
        }
    }

    private SyntheticRecords() {
    }

    /** Record number {@code i} (0-based). */
    public static TelemetryRecord record(long i) {
        SplittableRandom r = new SplittableRandom(i * 0x9E3779B97F4A7C15L + 7);
        long process = PROCESS_IDS[(int) (i % PROCESSES)];
        long sequence = i / PROCESSES + 1;
        long start = T0 + i * 500 + r.nextInt(400);
        String model = MODELS[r.nextInt(MODELS.length)];
        String gpu = GPUS[r.nextInt(GPUS.length)];
        int draw = r.nextInt(100);
        Exit exit = draw < 94 ? Exit.OK : draw < 97 ? Exit.ERROR : draw < 99 ? Exit.CANCEL : Exit.REJECT;
        long ttftMicros = Math.round(Math.exp(5.0 + 0.6 * r.nextGaussian()) * 1000);
        long tokensIn = 50 + r.nextInt(2000);
        long tokensOut = exit == Exit.REJECT ? 0 : 2 + r.nextInt(600);
        long gapMicros = 8_000 + r.nextInt(30_000);
        int gaps = (int) Math.min(tokensOut - 1, 24);
        long[] g = new long[Math.max(0, gaps)];
        for (int k = 0; k < g.length; k++) {
            g[k] = Math.max(1_000, Math.round(gapMicros * 1000 * Math.exp(0.3 * r.nextGaussian())));
        }
        Arrays.sort(g);
        long e2eMicros = ttftMicros + gapMicros * Math.max(0, tokensOut - 1) + r.nextInt(5_000);
        double ttft = exit == Exit.REJECT ? Double.NaN : ttftMicros / 1000.0;
        double e2e = e2eMicros / 1000.0;
        ItlSummary itl = ItlSummary.ofGapsNanos(g.clone(), g.length);
        GapHistogram hist = g.length == 0 ? null : GapHistogram.ofSortedNanos(g, g.length);
        int count = model.equals("llama-3.1-70b") ? 2 : 1;
        long powerMilliwatt = 200_000 + r.nextInt(500_000);
        double power = powerMilliwatt / 1000.0;
        double energy = Math.round(powerMilliwatt / 1000.0 * e2eMicros) / 1e6; // W x us = uJ
        GpuFields gf = new GpuFields(gpu, count, count == 1 ? List.of("GPU-0") : List.of("GPU-0", "GPU-1"), 81559.0,
                (20_000_000 + r.nextInt(60_000_000)) / 1000.0, power, power * 1.1, 75.0, 61.0, energy, "counter",
                null, null, 0, false);
        Double cost = r.nextInt(4) == 0 ? null : (tokensIn * 0.5 + tokensOut * 1.5) / 1e6;
        return new TelemetryRecord(process, sequence, start, "chat", "vllm", "0.6.3", model, exit,
                exit == Exit.ERROR ? "java.io.IOException" : null, Double.isNaN(ttft) ? null : ttft, e2e, g.length + 1,
                itl, tokensIn, tokensOut, TelemetryRecord.TokensSource.USAGE, exit == Exit.OK ? "stop" : null, null,
                "http-nio-8080-exec-" + (i % 16), 4242 + i % PROCESSES, "host-" + (i % PROCESSES), gf, hist, cost,
                null, cost == null ? null : "USD");
    }

    /**
     * Writes records {@code from .. to} as JSONL, gzipped when asked, and again every record whose
     * index is in {@code resend} (a re-sent batch), telling {@code written} each index it wrote.
     */
    public static void writeJsonl(Path file, long from, long to, boolean gzip, LongConsumer written) throws IOException {
        RecordJsonEncoder encoder = new RecordJsonEncoder();
        JsonBytes line = new JsonBytes(4096);
        try (OutputStream raw = Files.newOutputStream(file);
             OutputStream out = new BufferedOutputStream(gzip ? new GZIPOutputStream(raw, 1 << 16) : raw, 1 << 20)) {
            for (long i = from; i < to; i++) {
                line.reset();
                encoder.write(record(i), line);
                line.raw((byte) '\n');
                out.write(line.array(), 0, line.size());
                written.accept(i);
            }
        }
    }

    /** Writes the given record indices as JSONL (re-sent records). */
    public static void writeJsonl(Path file, long[] indices) throws IOException {
        RecordJsonEncoder encoder = new RecordJsonEncoder();
        JsonBytes line = new JsonBytes(4096);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (long i : indices) {
                line.reset();
                encoder.write(record(i), line);
                line.raw((byte) '\n');
                out.write(line.array(), 0, line.size());
            }
        }
    }

    /** Appends records {@code from .. to} to a queue in {@code dir}, as the agent does. */
    public static void writeQueue(Path dir, long from, long to, LongConsumer written) {
        try (SingleChronicleQueue queue = RecordQueue.open(dir, QueueConfig.RollCycle.HOURLY)) {
            ExcerptAppender appender = queue.createAppender();
            for (long i = from; i < to; i++) {
                try (DocumentContext dc = appender.writingDocument()) {
                    RecordCodec.write(dc.wire().bytes(), record(i));
                }
                written.accept(i);
            }
        }
    }

    /** Every {@code RESEND_EVERY}-th record (from the 7th) is shipped twice in the scale layout. */
    public static final int RESEND_EVERY = 1000;

    /** Whether record {@code i} is re-sent in the scale layout. */
    public static boolean resent(long i) {
        return i % RESEND_EVERY == 7;
    }

    /**
     * The scale test's inputs for records {@code 0 .. n}: a queue with the first half, then three
     * JSONL files (the middle one gzipped), then {@code resent.jsonl} with every re-sent record again.
     */
    public static void writeScaleLayout(Path dir, long n) throws IOException {
        writeQueue(dir.resolve("queue"), 0, n / 2, i -> { });
        writeJsonl(dir.resolve("a.jsonl"), n / 2, n * 17 / 20, false, i -> { });
        writeJsonl(dir.resolve("b.jsonl.gz"), n * 17 / 20, n * 9 / 10, true, i -> { });
        writeJsonl(dir.resolve("c.jsonl"), n * 9 / 10, n, false, i -> { });
        writeJsonl(dir.resolve("resent.jsonl"), java.util.stream.LongStream.range(0, n).filter(SyntheticRecords::resent)
                .toArray());
    }

    /**
     * {@code java ... SyntheticRecords OUT_DIR RECORDS [jsonl|queue|both|scale]}: files for the reader
     * benchmark (records.jsonl, queue/) or the scale test's layout.
     */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        long n = Long.parseLong(args[1]);
        String what = args.length > 2 ? args[2] : "both";
        if (what.equals("scale")) {
            writeScaleLayout(dir, n);
            return;
        }
        if (!what.equals("queue")) {
            writeJsonl(dir.resolve("records.jsonl"), 0, n, false, i -> { });
        }
        if (!what.equals("jsonl")) {
            writeQueue(dir.resolve("queue"), 0, n, i -> { });
        }
    }
}
