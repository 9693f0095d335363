package dev.infertel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.infertel.agent.record.Exit;
import dev.infertel.agent.record.GapHistogram;
import dev.infertel.agent.record.TelemetryRecord;
import dev.infertel.bench.stats.SyntheticRecords;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code stats} over millions of records (a queue, plain and gzipped JSONL, and a file of re-sent
 * records: 1 in 1,000 twice) in a JVM of 256 MB: every count and sum exact, every latency percentile
 * within its documented bound of the exact nearest-rank value worked out here, the ITL percentiles
 * equal to the merged histograms', and no duplicate counted.
 */
class StatsScaleTest {

    /** 2 M records by default: some 40 s on the 2-core CI machine (-Dstats.scale.records=N for more). */
    static final long RECORDS = Long.getLong("stats.scale.records", 2_000_000L);

    /** What the test knows of one group, from the records themselves. */
    static final class Expected {
        long calls;
        long ok;
        long errors;
        long cancels;
        long rejects;
        long tokensIn;
        long tokensOut;
        BigDecimal energy = BigDecimal.ZERO;
        BigDecimal cost = BigDecimal.ZERO;
        BigDecimal tpsTokens = BigDecimal.ZERO;
        BigDecimal tpsSeconds = BigDecimal.ZERO;
        final Doubles ttft = new Doubles();
        final Doubles tpot = new Doubles();
        final Doubles e2e = new Doubles();
        final long[] gaps = new long[8192];
        long gapCount;
    }

    @Test
    void statsAtScaleInBoundedMemoryIsExact() throws Exception {
        Path dir = AcmeRun.newDir("scale");
        try {
            Path isolated = ChildJvm.agentJar().resolveSibling("agent-isolated.jar");
            // the inputs are written by a child JVM while this one works out the expected figures
            Process gen = ChildJvm.current()
                    .jvmArg("--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED")
                    .jvmArg("--add-exports=java.base/sun.nio.ch=ALL-UNNAMED")
                    .jvmArg("--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED")
                    .jvmArg("--add-opens=java.base/java.lang=ALL-UNNAMED")
                    .jvmArg("--add-opens=java.base/java.lang.reflect=ALL-UNNAMED")
                    .jvmArg("--add-opens=java.base/java.io=ALL-UNNAMED")
                    .jvmArg("--add-opens=java.base/java.util=ALL-UNNAMED")
                    .jvmArg("--add-opens=java.base/java.nio=ALL-UNNAMED")
                    .jvmArg("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED")
                    .app(SyntheticRecords.class, List.of(classesOf(SyntheticRecords.class), isolated),
                            dir.toString(), Long.toString(RECORDS), "scale")
                    .start(dir, "generate");
            Map<String, Expected> expected;
            try {
                expected = expected();
                assertTrue(gen.waitFor(5, TimeUnit.MINUTES), "the inputs were written within 5 minutes");
            } finally {
                ChildJvm.destroy(gen);
            }
            assertEquals(0, gen.exitValue(), () -> "generate: " + read(dir.resolve("generate.err")));
            long started = System.nanoTime();
            ChildJvm.Result stats = ChildJvm.current().timeout(Duration.ofMinutes(5)).jvmArg("-Xmx256m")
                    .agentCli("stats", "--queue", dir.resolve("queue").toString(), dir.resolve("a.jsonl").toString(),
                            dir.resolve("b.jsonl.gz").toString(), dir.resolve("c.jsonl").toString(),
                            dir.resolve("resent.jsonl").toString(), "--json")
                    .run(dir, "stats");
            double seconds = (System.nanoTime() - started) / 1e9;
            assertEquals(0, stats.exitCode(), stats::describe);
            System.out.printf("stats over %d records (+%d re-sent) in -Xmx256m: %.1f s, %.0f records/s%n", RECORDS,
                    RECORDS / SyntheticRecords.RESEND_EVERY, seconds, RECORDS / seconds);

            JsonNode out = Records.JSON.readTree(stats.stdout());
            assertEquals(RECORDS, out.get("read").asLong());
            assertEquals(RECORDS / SyntheticRecords.RESEND_EVERY, out.get("duplicates").asLong());
            double bound = out.get("percentile_relative_error").asDouble();
            assertEquals(GapHistogram.RELATIVE_ERROR, bound);
            assertEquals(expected.size(), out.get("groups").size());
            for (JsonNode g : out.get("groups")) {
                String key = g.get("model").asText() + "|" + g.get("engine").asText() + "|" + g.get("gpu").asText();
                Expected e = expected.get(key);
                assertTrue(e != null, key);
                assertEquals(e.calls, g.get("calls").asLong(), key);
                assertEquals(e.ok, g.get("ok").asLong(), key);
                assertEquals(e.errors, g.get("errors").asLong(), key);
                assertEquals(e.cancels, g.get("cancels").asLong(), key);
                assertEquals(e.rejects, g.get("rejects").asLong(), key);
                assertEquals(0, g.get("excluded").asLong(), key);
                assertEquals(e.tokensIn, g.get("tokens_in").asLong(), key);
                assertEquals(e.tokensOut, g.get("tokens_out").asLong(), key);
                // sums are exact sums of the records' doubles, rounded once
                assertEquals(e.energy.doubleValue(), g.get("energy_j").asDouble(), key);
                assertEquals(e.cost.doubleValue(), g.get("cost").asDouble(), key);
                assertEquals(e.tpsTokens.doubleValue() / e.tpsSeconds.doubleValue(), g.get("output_tokens_per_s").asDouble(),
                        key);
                within(e.ttft.nearestRank(50), g.get("ttft_p50_ms"), bound, key + " ttft p50");
                within(e.ttft.nearestRank(95), g.get("ttft_p95_ms"), bound, key + " ttft p95");
                within(e.ttft.nearestRank(99), g.get("ttft_p99_ms"), bound, key + " ttft p99");
                within(e.tpot.nearestRank(50), g.get("tpot_p50_ms"), bound, key + " tpot p50");
                within(e.e2e.nearestRank(50), g.get("e2e_p50_ms"), bound, key + " e2e p50");
                within(e.e2e.nearestRank(99), g.get("e2e_p99_ms"), bound, key + " e2e p99");
                assertEquals(e.gapCount, g.get("itl_gaps").asLong(), key);
                for (int p : new int[] {50, 95, 99}) {
                    assertEquals(gapPercentileMs(e, p), g.get("itl_p" + p + "_ms").asDouble(), key + " itl p" + p);
                }
            }
        } finally {
            deleteTree(dir);
        }
    }

    static void within(double exact, JsonNode figure, double bound, String what) {
        double v = figure.asDouble();
        assertTrue(Math.abs(v - exact) <= exact * bound, what + ": " + v + " vs exact " + exact);
    }

    /** Every record once, grouped by model, engine and GPU label, as stats groups by default. */
    static Map<String, Expected> expected() {
        Map<String, Expected> groups = new HashMap<>();
        for (long i = 0; i < RECORDS; i++) {
            TelemetryRecord r = SyntheticRecords.record(i);
            String gpu = r.gpu().gpuCount() > 1 ? r.gpu().gpuCount() + "x " + r.gpu().gpuName() : r.gpu().gpuName();
            Expected e = groups.computeIfAbsent(r.modelRef() + "|" + r.engine() + "|" + gpu, k -> new Expected());
            e.calls++;
            switch (r.exit()) {
                case OK -> e.ok++;
                case ERROR -> e.errors++;
                case CANCEL -> e.cancels++;
                default -> e.rejects++;
            }
            e.tokensIn += r.tokensIn();
            e.tokensOut += r.tokensOut();
            e.energy = e.energy.add(new BigDecimal(r.gpu().energyJ()));
            if (r.cost() != null) {
                e.cost = e.cost.add(new BigDecimal(r.cost()));
            }
            if (r.exit() != Exit.OK) {
                continue;
            }
            e.ttft.add(r.firstTokenMs());
            if (r.tpotMs() != null) {
                e.tpot.add(r.tpotMs());
            }
            e.e2e.add(r.e2eMs());
            e.tpsTokens = e.tpsTokens.add(BigDecimal.valueOf(r.tokensOut()));
            e.tpsSeconds = e.tpsSeconds.add(new BigDecimal(r.e2eMs() / 1000.0));
            GapHistogram h = r.itlHist();
            for (int k = 0; h != null && k < h.size(); k++) {
                e.gaps[h.bucket(k)] += h.count(k);
                e.gapCount += h.count(k);
            }
        }
        return groups;
    }

    /** Nearest-rank over the merged gap histogram, reported as the bucket's midpoint. */
    static double gapPercentileMs(Expected e, int p) {
        long rank = (long) Math.ceil(p / 100.0 * e.gapCount);
        long seen = 0;
        for (int b = 0; b < e.gaps.length; b++) {
            seen += e.gaps[b];
            if (seen >= rank) {
                return GapHistogram.midpoint(b) / 1e6;
            }
        }
        throw new AssertionError("no gap of rank " + rank);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    static Path classesOf(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A growable array of doubles and its exact nearest-rank percentile. */
    static final class Doubles {
        private double[] v = new double[1024];
        private int n;
        private boolean sorted;

        void add(double x) {
            if (n == v.length) {
                v = Arrays.copyOf(v, n * 2);
            }
            v[n++] = x;
            sorted = false;
        }

        double nearestRank(double p) {
            if (!sorted) {
                Arrays.sort(v, 0, n);
                sorted = true;
            }
            int rank = (int) Math.ceil(p / 100.0 * n);
            return v[Math.max(1, Math.min(n, rank)) - 1];
        }
    }

}
