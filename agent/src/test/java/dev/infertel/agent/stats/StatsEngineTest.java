package dev.infertel.agent.stats;

import static dev.infertel.agent.stats.Calls.call;
import static dev.infertel.agent.stats.Calls.repeat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infertel.agent.config.CostConfig;
import dev.infertel.agent.config.ModelSpec;
import dev.infertel.agent.record.Exit;
import dev.infertel.agent.record.GapHistogram;
import dev.infertel.agent.record.TelemetryRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every aggregate of a group, against values worked out by hand from chosen records. */
class StatsEngineTest {

    static final String H100 = "NVIDIA H100 80GB HBM3";
    static final String A100 = "NVIDIA A100-SXM4-80GB";
    static final long MS = 1_000_000L;

    static final CostConfig PRICES = new CostConfig(Map.of("m7", new CostConfig.Price(1.0, 2.0)), 0.5, "USD");
    static final Map<String, ModelSpec> MODELS = Map.of("m7", new ModelSpec(8, 8, 2), "mix", new ModelSpec(46.7, 12.9, 1));

    /** Group m7/vllm/H100: five ok calls (i = 1..5), one error, one cancel. */
    static List<TelemetryRecord> h100Group() {
        List<TelemetryRecord> r = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            r.add(call(i).ttft(100 * i).e2e(1000 * i).tokens(100, 10).gaps(repeat(i <= 4 ? 10 * MS : 50 * MS, 9))
                    .gpu(H100, 1).energy(100.0 * i, 100.0, 1000.0 * i).build());
        }
        r.add(call(6).exit(Exit.ERROR).ttft(50).e2e(1000).tokens(50, 2).gaps(1 * MS).gpu(H100, 1).energy(60.0, 300.0, 7000.0).build());
        r.add(call(7).exit(Exit.CANCEL).ttft(20).e2e(500).tokens(20, 5).gpu(H100, 1).energy(null, null, null).build());
        return r;
    }

    /** Group mix/vllm/2x A100: two ok calls of a mixture-of-experts model that carry their own cost. */
    static List<TelemetryRecord> a100Group() {
        return List.of(
                call(8).model("mix").ttft(50).e2e(2000).tokens(1000, 101).gpu(A100, 2).cost(0.01, "USD").build(),
                call(9).model("mix").ttft(50).e2e(2000).tokens(1000, 101).gpu(A100, 2).cost(0.01, "USD").build());
    }

    static StatsResult run(List<TelemetryRecord> records) {
        return StatsEngine.run(records, new StatsQuery(Dimension.DEFAULT, null, null, Exclusion.NONE, PRICES, MODELS));
    }

    static List<TelemetryRecord> all() {
        List<TelemetryRecord> all = new ArrayList<>(h100Group());
        all.addAll(a100Group());
        all.add(call(10).engine("tgi").exit(Exit.REJECT).e2e(3).build());
        Collections.shuffle(all, new java.util.Random(1));
        return all;
    }

    static GroupStats group(StatsResult result, String... key) {
        return result.groups().stream().filter(g -> g.stats().key().equals(List.of(key))).findFirst()
                .orElseThrow(() -> new AssertionError("no group " + List.of(key) + " in " + result.groups())).stats();
    }

    @Test
    void groupsAreModelEngineGpuInKeyOrder() {
        List<List<String>> keys = run(all()).groups().stream().map(g -> g.stats().key()).toList();
        assertEquals(List.of(List.of("m7", "tgi", "-"), List.of("m7", "vllm", H100), List.of("mix", "vllm", "2x " + A100)), keys);
    }

    @Test
    void countsAndTokensAreOverEveryCall() {
        GroupStats s = group(run(all()), "m7", "vllm", H100);
        assertEquals(List.of(7L, 5L, 1L, 1L, 0L, 0L), List.of(s.calls(), s.ok(), s.errors(), s.cancels(), s.rejects(), s.excluded()));
        assertEquals(500 + 50 + 20, s.tokensIn());
        assertEquals(50 + 2 + 5, s.tokensOut());
    }

    static void assertWithinBound(double exact, Double figure) {
        assertTrue(Math.abs(figure - exact) <= exact * GapHistogram.RELATIVE_ERROR, figure + " vs exact " + exact);
    }

    @Test
    void latencyPercentilesAreHistogramMidpointsWithinTheBound() {
        GroupStats s = group(run(all()), "m7", "vllm", H100);
        assertWithinBound(300.0, s.ttftP50Ms());
        assertWithinBound(500.0, s.ttftP95Ms());
        assertWithinBound(500.0, s.ttftP99Ms());
        assertWithinBound(3000.0, s.e2eP50Ms());
        assertWithinBound(5000.0, s.e2eP99Ms());
        assertWithinBound(300.0, s.tpotP50Ms());
    }

    @Test
    void exactLatencyPercentilesAreNearestRankOverOkCalls() {
        GroupStats s = group(StatsEngine.run(all(), new StatsQuery(Dimension.DEFAULT, null, null, Exclusion.NONE, PRICES,
                MODELS, true)), "m7", "vllm", H100);
        // ok TTFTs 100..500: p50 = 3rd of 5, p95 and p99 = 5th; the error's 50 and the cancel's 20 are not latencies
        assertEquals(300.0, s.ttftP50Ms());
        assertEquals(500.0, s.ttftP95Ms());
        assertEquals(500.0, s.ttftP99Ms());
        assertEquals(3000.0, s.e2eP50Ms());
        assertEquals(5000.0, s.e2eP99Ms());
        // TPOT (e2e - ttft) / (10 - 1) = 100 i
        assertEquals(300.0, s.tpotP50Ms(), 1e-9);
    }

    @Test
    void itlPercentilesAreOverAllGapsNotAnAverageOfPerCallPercentiles() {
        GroupStats s = group(run(all()), "m7", "vllm", H100);
        // 36 gaps of 10 ms and 9 of 50 ms: rank 23 of 45 is 10 ms, ranks 43 and 45 are 50 ms
        // (the mean of the calls' own p50s would be 18 ms)
        assertEquals(45, s.itlGaps());
        assertEquals(GapHistogram.midpoint(GapHistogram.index(10 * MS)) / 1e6, s.itlP50Ms());
        assertEquals(GapHistogram.midpoint(GapHistogram.index(50 * MS)) / 1e6, s.itlP95Ms());
        assertEquals(GapHistogram.midpoint(GapHistogram.index(50 * MS)) / 1e6, s.itlP99Ms());
        assertEquals(10.0, s.itlP50Ms(), 10.0 * GapHistogram.RELATIVE_ERROR);
        assertEquals(50.0, s.itlP99Ms(), 50.0 * GapHistogram.RELATIVE_ERROR);
    }

    @Test
    void throughputAndEnergyFollowTheirDefinitions() {
        GroupStats s = group(run(all()), "m7", "vllm", H100);
        assertEquals(50 / 15.0, s.outputTokensPerS(), 1e-12);
        assertEquals(1560.0, s.energyJ(), 1e-9);
        assertEquals(1500.0 / 50, s.joulesPerOutputToken(), 1e-12);
        assertEquals(50 / 1500.0, s.tokensPerJoule(), 1e-12);
        // duration-weighted: (100 W x 15 s + 300 W x 1 s) / 16 s; the cancel has no power reading
        assertEquals(112.5, s.powerWMean(), 1e-9);
        assertEquals(7000.0, s.vramMbPeak());
    }

    @Test
    void unpricedRecordsArePricedFromTheConfigAndSummed() {
        GroupStats s = group(run(all()), "m7", "vllm", H100);
        assertEquals(570 * 1.0 / 1e6 + 57 * 2.0 / 1e6, s.cost(), 1e-15);
        assertEquals(1560 / 3.6e6 * 0.5, s.energyCost(), 1e-15);
        assertEquals("USD", s.currency());
        GroupStats mix = group(run(all()), "mix", "vllm", "2x " + A100);
        assertEquals(0.02, mix.cost(), 1e-15);
        assertNull(mix.energyCost());
    }

    @Test
    void mfuAndMbuUseActiveParamsGpuPeaksAndGpuCount() {
        GroupStats s = group(run(all()), "m7", "vllm", H100);
        // H100 SXM: 989.4 TFLOP/s, 3350 GB/s; 8 B params at 2 bytes
        assertEquals(100 * (5 * 2 * 8e9 * 110) / (15 * 989.4e12), s.mfuPct(), 1e-9);
        assertEquals(100 * (5 * 8e9 * 2 * 9) / (13.5 * 3350e9), s.mbuPct(), 1e-9);
        GroupStats mix = group(run(all()), "mix", "vllm", "2x " + A100);
        // A100 80GB SXM: 312 TFLOP/s, 2039 GB/s, two of them; 12.9 B active params at 1 byte
        assertEquals(100 * (2 * 2 * 12.9e9 * 1101) / (2 * 2.0 * 312e12 * 2), mix.mfuPct(), 1e-9);
        assertEquals(100 * (2 * 12.9e9 * 1 * 100) / (2 * 1.95 * 2039e9 * 2), mix.mbuPct(), 1e-9);
    }

    @Test
    void aGroupWithoutFiguresHasNullsNotZeros() {
        GroupStats s = group(run(all()), "m7", "tgi", "-");
        assertEquals(1, s.rejects());
        assertNull(s.ttftP50Ms());
        assertNull(s.e2eP50Ms());
        assertNull(s.itlP50Ms());
        assertNull(s.outputTokensPerS());
        assertNull(s.energyJ());
        assertNull(s.cost());
        assertNull(s.currency());
        assertNull(s.mfuPct());
    }

    @Test
    void warmUpDropsTheFirstCallsOfEachGroupInStartOrder() {
        List<TelemetryRecord> records = new ArrayList<>(h100Group());
        Collections.reverse(records);
        StatsResult r = StatsEngine.run(records,
                new StatsQuery(List.of(Dimension.MODEL), null, null, new Exclusion.WarmUp(2), PRICES, MODELS));
        GroupStats s = group(r, "m7");
        assertEquals(5, s.calls());
        assertEquals(2, s.excluded());
        // calls 1 and 2 (the earliest) are gone: ok TTFTs 300, 400, 500
        assertEquals(3, s.ok());
        assertWithinBound(400.0, s.ttftP50Ms());
        assertEquals(List.of(3L, 4L, 5L, 6L, 7L), r.groups().get(0).charts().sample().stream().map(SampledSeries.Point::idSequence).toList());
    }

    @Test
    void steadyStateStartsAtTheFirstWindowWithALowCoefficientOfVariation() {
        // tokens/s of the ok calls: 5, 20, (error), 9.5, 10, 10.5, 10 ; window 3, CV <= 0.05
        double[] tps = {5, 20, -1, 9.5, 10, 10.5, 10};
        List<TelemetryRecord> records = new ArrayList<>();
        for (int i = 0; i < tps.length; i++) {
            Calls c = call(i + 1).e2e(1000).tokens(1, 0);
            records.add(tps[i] < 0 ? c.exit(Exit.ERROR).build() : c.tokens(1, (long) (tps[i] * 10)).e2e(10_000).build());
        }
        Exclusion steady = new Exclusion.SteadyState(3, 0.05);
        // windows: [5,20,9.5] CV 0.52; [20,9.5,10] CV 0.36; [9.5,10,10.5] CV 0.041 -> starts at the 4th call
        assertEquals(0.0408248290463863, Exclusion.SteadyState.cv(new double[] {9.5, 10, 10.5}, 0, 3), 1e-12);
        assertEquals(3, steady.leadingCallsToDrop(records));
        GroupStats s = group(StatsEngine.run(records, new StatsQuery(List.of(Dimension.MODEL), null, null, steady, PRICES, MODELS)), "m7");
        assertEquals(4, s.calls());
        assertEquals(3, s.excluded());
        assertEquals(0, s.errors());
        assertEquals(400 / 40.0, s.outputTokensPerS(), 1e-12);
    }

    @Test
    void aGroupThatNeverSettlesIsLeftOutWhole() {
        List<TelemetryRecord> records = List.of(call(1).tokens(1, 10).e2e(1000).build(), call(2).tokens(1, 40).e2e(1000).build(),
                call(3).tokens(1, 10).e2e(1000).build());
        assertEquals(3, new Exclusion.SteadyState(2, 0.1).leadingCallsToDrop(records));
    }

    @Test
    void timeRangeKeepsCallsStartedInSinceUntil() {
        List<TelemetryRecord> records = h100Group();
        long since = Calls.T0 + 2 * 1_000_000L;
        long until = Calls.T0 + 5 * 1_000_000L;
        StatsResult r = StatsEngine.run(records, new StatsQuery(List.of(Dimension.MODEL), since, until, Exclusion.NONE, PRICES, MODELS));
        assertEquals(List.of(2L, 3L, 4L), r.groups().get(0).charts().sample().stream().map(SampledSeries.Point::idSequence).toList());
        assertEquals(4, r.outOfRange());
    }

    @Test
    void mixedCurrenciesGiveNoSum() {
        List<TelemetryRecord> records = List.of(call(1).tokens(1, 1).cost(1, "USD").build(), call(2).tokens(1, 1).cost(1, "EUR").build());
        GroupStats s = group(StatsEngine.run(records, new StatsQuery(List.of(Dimension.MODEL), null, null, Exclusion.NONE,
                CostConfig.NONE, Map.of())), "m7");
        assertNull(s.cost());
        assertEquals("mixed", s.currency());
    }

    @Test
    void gpuNamesMatchTheirSpecs() {
        assertEquals("H100 SXM", GpuSpecs.match(H100).name());
        assertEquals("H100 PCIe", GpuSpecs.match("NVIDIA H100 PCIe").name());
        assertEquals("H200 SXM", GpuSpecs.match("NVIDIA H200").name());
        assertEquals("A100 40GB SXM", GpuSpecs.match("NVIDIA A100-SXM4-40GB").name());
        assertEquals("A100 80GB PCIe", GpuSpecs.match("NVIDIA A100 80GB PCIe").name());
        assertEquals("L40S", GpuSpecs.match("NVIDIA L40S").name());
        assertEquals("L4", GpuSpecs.match("NVIDIA L4").name());
        assertEquals("A10G", GpuSpecs.match("NVIDIA A10G").name());
        assertEquals("RTX 4090", GpuSpecs.match("NVIDIA GeForce RTX 4090").name());
        assertEquals("T4", GpuSpecs.match("Tesla T4").name());
        assertNull(GpuSpecs.match("Some Future GPU"));
        assertTrue(GpuSpecs.TABLE.stream().allMatch(s -> s.peakTflops() > 0 && s.memoryGbPerS() > 0));
    }
}
