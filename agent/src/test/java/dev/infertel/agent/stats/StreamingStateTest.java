package dev.infertel.agent.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infertel.agent.record.Exit;
import dev.infertel.agent.record.GapHistogram;
import dev.infertel.agent.record.TelemetryRecord;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bounded-memory pieces of the engine against the plain (per-record) computation they replace. */
class StreamingStateTest {

    @Test
    void intervalSetIsASetOfLongs() {
        Random random = new Random(3);
        IntervalSet set = new IntervalSet();
        Set<Long> plain = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            long v = random.nextInt(4) == 0 ? random.nextInt(50_000) : i / 3;
            assertEquals(plain.add(v), set.add(v), "add " + v);
        }
        for (long v = -5; v < 70_000; v++) {
            assertEquals(plain.contains(v), set.contains(v), "contains " + v);
        }
    }

    @Test
    void sequentialIdsAreOneRange() {
        IntervalSet set = new IntervalSet();
        for (long v = 1; v <= 1_000_000; v++) {
            set.add(v);
        }
        for (long v = 1; v <= 1_000_000; v += 1000) {
            assertTrue(!set.add(v));
        }
        assertEquals(1, set.ranges());
    }

    @Test
    void exactSumIsTheRoundedExactSumInAnyOrder() {
        Random random = new Random(9);
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            values.add((random.nextDouble() - 0.3) * Math.pow(10, random.nextInt(-6, 12)));
        }
        BigDecimal exact = BigDecimal.ZERO;
        for (double v : values) {
            exact = exact.add(new BigDecimal(v));
        }
        double expected = exact.round(MathContext.DECIMAL128).doubleValue();
        for (int round = 0; round < 5; round++) {
            Collections.shuffle(values, random);
            ExactSum a = new ExactSum();
            ExactSum b = new ExactSum();
            for (int i = 0; i < values.size(); i++) {
                (i % 3 == 0 ? a : b).add(values.get(i));
            }
            b.add(a);
            assertEquals(expected, b.value());
        }
    }

    @Test
    void histogramPercentilesAreWithinTheBoundOfNearestRank() {
        Random random = new Random(4);
        for (int n : new int[] {1, 2, 7, 100, 10_001}) {
            double[] v = new double[n];
            LogHistogram h = new LogHistogram();
            LogHistogram half = new LogHistogram();
            for (int i = 0; i < n; i++) {
                v[i] = Math.round(Math.exp(random.nextGaussian() * 2 + 5) * 1000) / 1000.0;
                (i % 2 == 0 ? h : half).addMs(v[i]);
            }
            h.merge(half);
            Percentiles exact = new Percentiles(v, n);
            for (double p : new double[] {0, 1, 50, 95, 99, 99.9, 100}) {
                double e = exact.at(p);
                assertTrue(Math.abs(h.percentileMs(p) - e) <= e * GapHistogram.RELATIVE_ERROR + 1e-9,
                        "n " + n + " p" + p + ": " + h.percentileMs(p) + " vs " + e);
            }
        }
    }

    /** Many groups, shuffled, duplicated, read on one thread or four: the same figures, to the last bit. */
    @Test
    void figuresDoNotDependOnOrderOrThreads() throws Exception {
        List<TelemetryRecord> records = randomCalls(20_000, 5);
        List<TelemetryRecord> shuffled = new ArrayList<>(records);
        shuffled.addAll(records.subList(0, 500)); // re-sent
        Collections.shuffle(shuffled, new Random(2));
        for (Exclusion exclusion : List.of(Exclusion.NONE, new Exclusion.WarmUp(3), new Exclusion.SteadyState(4, 0.2))) {
            StatsQuery q = new StatsQuery(List.of(Dimension.MODEL, Dimension.ENGINE), null, null, exclusion, null, null);
            String one = StatsFormat.csv(run(List.of(records), q, 1));
            List<RecordSource> parts = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                parts.add(new ListSource(shuffled.subList(shuffled.size() * i / 7, shuffled.size() * (i + 1) / 7)));
            }
            StatsResult many = StatsEngine.run(List.of(parts), q, StatsEngine.Options.DEFAULT.withThreads(4), new Problems());
            assertEquals(one, StatsFormat.csv(many), exclusion.describe());
            assertEquals(500, many.duplicates());
        }
    }

    /** The two-pass exclusion leaves out what the in-memory rule (sort the group, drop its head) leaves out. */
    @Test
    void exclusionMatchesThePerGroupSortRule() throws Exception {
        List<TelemetryRecord> records = randomCalls(5_000, 3);
        for (Exclusion exclusion : List.of(new Exclusion.WarmUp(7), new Exclusion.SteadyState(5, 0.15),
                new Exclusion.SteadyState(3, 0.02))) {
            StatsResult r = run(List.of(records), new StatsQuery(List.of(Dimension.MODEL), null, null, exclusion, null,
                    null), 2);
            for (StatsResult.Group g : r.groups()) {
                List<TelemetryRecord> group = new ArrayList<>(records.stream()
                        .filter(c -> c.modelRef().equals(g.stats().key().get(0))).toList());
                group.sort(java.util.Comparator.comparingLong(TelemetryRecord::startEpochMicros)
                        .thenComparing(TelemetryRecord::recordId));
                int drop = exclusion.leadingCallsToDrop(group);
                assertEquals(drop, g.stats().excluded(), exclusion.describe() + " " + g.label());
                assertEquals(group.size() - drop, g.stats().calls());
            }
        }
    }

    static StatsResult run(List<List<TelemetryRecord>> inputs, StatsQuery q, int threads) throws Exception {
        List<RecordSource> sources = inputs.stream().map(l -> (RecordSource) new ListSource(l)).toList();
        return StatsEngine.run(List.of(sources), q, StatsEngine.Options.DEFAULT.withThreads(threads), new Problems());
    }

    /** Calls of a few models over many processes, starts colliding (ties broken by id), tokens/s settling. */
    static List<TelemetryRecord> randomCalls(int n, long seed) {
        Random random = new Random(seed);
        List<TelemetryRecord> out = new ArrayList<>();
        String[] models = {"a", "b", "c", "d"};
        for (int i = 0; i < n; i++) {
            long process = random.nextInt(6) - 3;
            double e2e = 100 + random.nextInt(5000) / 7.0 + (i < 40 ? random.nextInt(3000) : 0);
            Exit exit = random.nextInt(10) == 0 ? Exit.ERROR : Exit.OK;
            long[] gaps = new long[random.nextInt(4)];
            for (int g = 0; g < gaps.length; g++) {
                gaps[g] = 1_000_000L + random.nextInt(90_000_000);
            }
            Arrays.sort(gaps);
            out.add(Calls.call(i + 1).at(Calls.T0 + random.nextInt(n / 2) * 1000L).model(models[random.nextInt(4)])
                    .engine(random.nextBoolean() ? "vllm" : "tgi").exit(exit).ttft(random.nextInt(400) / 3.0)
                    .e2e(e2e).tokens(random.nextInt(100), 10 + random.nextInt(5)).gaps(gaps)
                    .gpu("NVIDIA H100 80GB HBM3", 1 + random.nextInt(2)).energy(e2e / 7, 300.0, 1000.0 * i)
                    .build(process));
        }
        return out;
    }
}
