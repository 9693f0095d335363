package dev.infertel.bench;

import com.sun.net.httpserver.HttpServer;
import dev.infertel.agent.config.SinkConfig;
import dev.infertel.agent.log.AgentLog;
import dev.infertel.agent.queue.QueueWriter;
import dev.infertel.agent.queue.RecordQueue;
import dev.infertel.agent.record.Exit;
import dev.infertel.agent.record.GapHistogram;
import dev.infertel.agent.record.GpuFields;
import dev.infertel.agent.record.ItlSummary;
import dev.infertel.agent.record.TelemetryRecord;
import dev.infertel.agent.ship.Backoff;
import dev.infertel.agent.ship.Shipper;
import dev.infertel.agent.ship.SinkState;
import dev.infertel.agent.sink.HttpSink;
import dev.infertel.agent.sink.JsonlSink;
import dev.infertel.agent.sink.Sink;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ThreadInfo;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Records per second the shipper drains from a queue to one sink, on the sink's one thread: a fresh
 * queue of {@code records} realistic records is written before each iteration (not timed); the timed
 * part starts a {@link Shipper} and ends when the sink's state says all were shipped. Score: seconds
 * per drain; records/s = records / score. Each iteration also prints the CPU time of the sink's thread
 * (and, for http, of the HTTP client's threads and of the receiver) over the drain.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {
    "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
    "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
    "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dchronicle.analytics.disable=true",
})
public class ShipperBenchmark {

    @Param({"jsonl", "http"})
    public String sink;

    @Param({"500000"})
    public int records;

    /** Records with a GPU window (one device) and a gap histogram, as an agent on a GPU host writes them. */
    @Param({"false"})
    public boolean gpu;

    private static final com.sun.management.ThreadMXBean CPU =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

    private final AgentLog log = new AgentLog(new PrintStream(OutputStream.nullOutputStream()), false);
    private Path dir;
    private SingleChronicleQueue queue;
    private HttpServer receiver;

    static TelemetryRecord record(long seq) {
        return new TelemetryRecord(0x5eed, seq, 1_790_000_000_000_000L + seq * 1000, "openai-chat", "openai", "4.8.0",
                "gpt-4o-mini", Exit.OK, null, 212.345, 1840.5, 96, new ItlSummary(17.1, 16.4, 22.9, 25.0, 31.2, 9.8, 44.0),
                812L, 96L, TelemetryRecord.TokensSource.USAGE, "stop", "tenant-42", "http-nio-8080-exec-7", 4242,
                "app-host-1", null);
    }

    private static final GapHistogram GAPS = gaps();

    static TelemetryRecord gpuRecord(long seq) {
        GpuFields g = new GpuFields("NVIDIA H100 80GB HBM3", 1, List.of("GPU-6b1c1a7e-3f0e-4c1d-9a43-5b0e2f6c8d11"),
                81559.0, 40123.0, 412.5 + seq % 7, 455.0, 87.25, 66.0, 759.123456 + seq % 11, "counter", 87.5, 671.623456,
                0, false);
        TelemetryRecord r = record(seq);
        return new TelemetryRecord(r.idProcess(), r.idSequence(), r.startEpochMicros(), r.site(), r.engine(),
                r.engineVersion(), r.modelRef(), r.exit(), r.errorType(), r.firstTokenMs(), r.e2eMs(), r.chunks(), r.itl(),
                r.tokensIn(), r.tokensOut(), r.tokensOutSource(), r.finishReason(), r.tenantId(), r.thread(), r.pid(),
                r.host(), g, GAPS, null, null, null);
    }

    /** 95 gaps of 9.8 to 44 ms, as the record's ITL summary says. */
    private static GapHistogram gaps() {
        long[] gaps = new long[95];
        for (int i = 0; i < gaps.length; i++) {
            gaps[i] = 9_800_000L + (34_200_000L * i * i) / (94L * 94L);
        }
        return GapHistogram.ofSortedNanos(gaps, gaps.length);
    }

    @Setup(Level.Trial)
    public void startReceiver() throws IOException {
        if (sink.equals("http")) {
            receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            receiver.createContext("/", ex -> {
                try (InputStream in = ex.getRequestBody()) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
                ex.sendResponseHeaders(200, -1);
                ex.close();
            });
            receiver.start();
        }
    }

    @Setup(Level.Iteration)
    public void fillQueue() throws IOException {
        dir = Files.createTempDirectory("ship-bench");
        queue = RecordQueue.open(dir.resolve("q"), dev.infertel.agent.config.QueueConfig.RollCycle.DAILY);
        QueueWriter writer = new QueueWriter(queue, log);
        for (int i = 1; i <= records; i++) {
            writer.append(gpu ? gpuRecord(i) : record(i));
        }
    }

    private Sink newSink() {
        if (sink.equals("jsonl")) {
            return new JsonlSink(new SinkConfig.Jsonl("bench", dir.resolve("out.jsonl")), Clock.systemUTC());
        }
        SinkConfig.HttpSettings s = new SinkConfig.HttpSettings(Map.of(), false, Duration.ofSeconds(5), Duration.ofSeconds(30));
        URI url = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/ingest");
        return new HttpSink(new SinkConfig.Http("bench", url, SinkConfig.Format.NDJSON, s, SinkConfig.Batching.REMOTE),
                k -> null);
    }

    @Benchmark
    public long drain() throws IOException {
        Sink s = newSink();
        SinkConfig.Batching batching = sink.equals("jsonl") ? SinkConfig.Batching.LOCAL : new SinkConfig.Batching(1000, 0);
        Shipper shipper = new Shipper(queue, List.of(new Shipper.Target(s, batching)), null, Backoff.DEFAULT, log, 1000);
        Map<Long, Long> before = threadCpu();
        Map<Long, Long> allocatedBefore = threadAllocated();
        shipper.start();
        Path state = SinkState.file(dir.resolve("q"), "bench");
        long shipped;
        while ((shipped = shipped(state)) < records) {
            LockSupport.parkNanos(200_000);
        }
        // CPU per thread group since the start, read before the shipper's threads end: records per
        // CPU-second of the sink thread is "on one core", whatever else the machine ran
        long sinkCpu = 0;
        long sinkAllocated = 0;
        long clientCpu = 0;
        long receiverCpu = 0;
        for (ThreadInfo t : CPU.getThreadInfo(CPU.getAllThreadIds())) {
            if (t == null) {
                continue;
            }
            long cpu = CPU.getThreadCpuTime(t.getThreadId()) - before.getOrDefault(t.getThreadId(), 0L);
            String name = t.getThreadName();
            if (name.equals("telemetry-shipper-bench")) {
                sinkCpu += cpu;
                sinkAllocated += CPU.getThreadAllocatedBytes(t.getThreadId())
                        - allocatedBefore.getOrDefault(t.getThreadId(), 0L);
            } else if (name.startsWith("telemetry-http-bench") || name.startsWith("HttpClient-")) {
                clientCpu += cpu;
            } else if (name.startsWith("HTTP-Dispatcher")) {
                receiverCpu += cpu;
            }
        }
        shipper.stop(10_000);
        System.out.printf("%n[%s%s] sink thread CPU %.3f s for %d records: %.0f records per CPU-second, %.0f B allocated"
                + " per record", sink, gpu ? ",gpu" : "", sinkCpu / 1e9, records, records / (sinkCpu / 1e9),
                (double) sinkAllocated / records);
        if (sink.equals("http")) {
            System.out.printf("; with the HTTP client's threads %.3f s: %.0f records per CPU-second; receiver %.3f s",
                    (sinkCpu + clientCpu) / 1e9, records / ((sinkCpu + clientCpu) / 1e9), receiverCpu / 1e9);
        }
        System.out.println();
        return shipped;
    }

    private static Map<Long, Long> threadAllocated() {
        Map<Long, Long> bytes = new HashMap<>();
        for (long id : CPU.getAllThreadIds()) {
            bytes.put(id, CPU.getThreadAllocatedBytes(id));
        }
        return bytes;
    }

    private static Map<Long, Long> threadCpu() {
        Map<Long, Long> cpu = new HashMap<>();
        for (long id : CPU.getAllThreadIds()) {
            cpu.put(id, CPU.getThreadCpuTime(id));
        }
        return cpu;
    }

    private static long shipped(Path state) {
        SinkState.Snapshot s = SinkState.read(state);
        return s == null ? 0 : s.shipped();
    }

    @TearDown(Level.Iteration)
    public void deleteQueue() throws IOException {
        queue.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @TearDown(Level.Trial)
    public void stopReceiver(BenchmarkParams params) {
        if (receiver != null) {
            receiver.stop(0);
        }
    }
}
