package dev.infertel.agent.stats;

import dev.infertel.agent.config.CostConfig;
import dev.infertel.agent.config.ModelSpec;
import dev.infertel.agent.record.Exit;
import dev.infertel.agent.record.FlatRecord;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The mergeable state of one group: counts, exact sums, and a {@link LogHistogram} per latency
 * percentile. Its size depends on the range of the values, never on the number of calls, except
 * with {@code exact}, which also keeps every TTFT, TPOT and E2E value (8 bytes each) for exact
 * nearest-rank percentiles. Two states of the same group (two reading threads) merge into the state
 * of all their calls. Not thread-safe.
 */
final class GroupState {

    /** What every group of one run shares: prices, model sizes, and what to keep. */
    static final class Settings {
        final CostConfig prices;
        final Map<String, ModelSpec> models;
        final boolean exact;
        final boolean charts;
        private final Map<String, GpuSpecs.Spec> specs = new HashMap<>();

        Settings(CostConfig prices, Map<String, ModelSpec> models, boolean exact, boolean charts) {
            this.prices = prices;
            this.models = models;
            this.exact = exact;
            this.charts = charts;
        }

        /** One per thread: the GPU spec cache is not shared. */
        Settings copy() {
            return new Settings(prices, models, exact, charts);
        }

        GpuSpecs.Spec spec(String gpuName) {
            if (gpuName == null) {
                return null;
            }
            GpuSpecs.Spec s = specs.get(gpuName);
            if (s == null && !specs.containsKey(gpuName)) {
                s = GpuSpecs.match(gpuName);
                specs.put(gpuName, s);
            }
            return s;
        }
    }

    final List<String> key;
    long calls;
    long ok;
    long errors;
    long cancels;
    long rejects;
    long excluded;
    long tokensIn;
    long tokensOut;
    final LogHistogram ttft = new LogHistogram();
    final LogHistogram tpot = new LogHistogram();
    final LogHistogram e2e = new LogHistogram();
    final LogHistogram gaps = new LogHistogram();
    private Values exactTtft;
    private Values exactTpot;
    private Values exactE2e;
    private final ExactSum tpsTokens = new ExactSum();
    private final ExactSum tpsSeconds = new ExactSum();
    private boolean hasEnergy;
    private final ExactSum energy = new ExactSum();
    private final ExactSum eptEnergy = new ExactSum();
    private final ExactSum eptTokens = new ExactSum();
    private final ExactSum powerTime = new ExactSum();
    private final ExactSum powerWeighted = new ExactSum();
    private double vramPeak = Double.NaN;
    private boolean hasCost;
    private boolean hasEnergyCost;
    private final ExactSum cost = new ExactSum();
    private final ExactSum energyCost = new ExactSum();
    private String currency;
    private boolean mixed;
    private final Efficiency efficiency = new Efficiency();
    final SampledSeries sample;

    GroupState(List<String> key, Settings settings) {
        this.key = key;
        if (settings.exact) {
            exactTtft = new Values();
            exactTpot = new Values();
            exactE2e = new Values();
        }
        sample = settings.charts ? new SampledSeries(SampledSeries.DEFAULT_SIZE) : null;
    }

    void add(FlatRecord r, Settings s) {
        calls++;
        switch (r.exit) {
            case OK -> ok++;
            case ERROR, TIMEOUT -> errors++;
            case CANCEL -> cancels++;
            case REJECT -> rejects++;
            default -> throw new IllegalStateException(r.exit.name());
        }
        tokensIn += Math.max(0, r.tokensIn);
        tokensOut += Math.max(0, r.tokensOut);
        if (r.gpu) {
            if (!Double.isNaN(r.energyJ)) {
                hasEnergy = true;
                energy.add(r.energyJ);
            }
            if (!Double.isNaN(r.powerWMean)) {
                powerWeighted.add(r.powerWMean * r.e2eMs);
                powerTime.add(r.e2eMs);
            }
            if (!Double.isNaN(r.vramUsedMbPeak)) {
                vramPeak = Double.isNaN(vramPeak) ? r.vramUsedMbPeak : Math.max(vramPeak, r.vramUsedMbPeak);
            }
        }
        price(r, s.prices);
        if (sample != null) {
            sample.offer(r);
        }
        if (r.exit != Exit.OK) {
            return;
        }
        if (!Double.isNaN(r.firstTokenMs)) {
            ttft.addMs(r.firstTokenMs);
            if (exactTtft != null) {
                exactTtft.add(r.firstTokenMs);
            }
        }
        double t = r.tpotMs();
        if (!Double.isNaN(t)) {
            tpot.addMs(t);
            if (exactTpot != null) {
                exactTpot.add(t);
            }
        }
        e2e.addMs(r.e2eMs);
        if (exactE2e != null) {
            exactE2e.add(r.e2eMs);
        }
        for (int i = 0; i < r.histSize; i++) {
            gaps.add(r.histBuckets[i], r.histCounts[i]);
        }
        if (r.tokensOut >= 0 && r.e2eMs > 0) {
            tpsTokens.add(r.tokensOut);
            tpsSeconds.add(r.e2eMs / 1000.0);
        }
        if (r.gpu && !Double.isNaN(r.energyJ) && r.tokensOut >= 0) {
            eptEnergy.add(r.energyJ);
            eptTokens.add(r.tokensOut);
        }
        ModelSpec model = r.modelRef == null ? s.models.get("") : s.models.get(r.modelRef);
        if (model != null && r.gpu) {
            efficiency.add(r, model, s.spec(r.gpuName));
        }
    }

    /** The record's cost, or the config's price of it when it carries none. */
    private void price(FlatRecord r, CostConfig prices) {
        double c = r.cost;
        if (Double.isNaN(c) && !prices.prices().isEmpty()) {
            Double fallback = prices.tokenCost(r.modelRef, r.tokensIn < 0 ? null : r.tokensIn,
                    r.tokensOut < 0 ? null : r.tokensOut);
            c = fallback == null ? Double.NaN : fallback;
        }
        double ec = r.energyCost;
        if (Double.isNaN(ec) && prices.energyPricePerKwh() != null) {
            Double fallback = prices.energyCost(r.gpu && !Double.isNaN(r.energyJ) ? r.energyJ : null);
            ec = fallback == null ? Double.NaN : fallback;
        }
        if (Double.isNaN(c) && Double.isNaN(ec)) {
            return;
        }
        String cur = r.currency != null ? r.currency : prices.currency();
        noteCurrency(cur);
        if (!Double.isNaN(c)) {
            hasCost = true;
            cost.add(c);
        }
        if (!Double.isNaN(ec)) {
            hasEnergyCost = true;
            energyCost.add(ec);
        }
    }

    private void noteCurrency(String cur) {
        if (currency != null && !currency.equals(cur)) {
            mixed = true;
        }
        if (currency == null) {
            currency = cur;
        }
    }

    void merge(GroupState o) {
        calls += o.calls;
        ok += o.ok;
        errors += o.errors;
        cancels += o.cancels;
        rejects += o.rejects;
        excluded += o.excluded;
        tokensIn += o.tokensIn;
        tokensOut += o.tokensOut;
        ttft.merge(o.ttft);
        tpot.merge(o.tpot);
        e2e.merge(o.e2e);
        gaps.merge(o.gaps);
        if (exactTtft != null) {
            exactTtft.addAll(o.exactTtft);
            exactTpot.addAll(o.exactTpot);
            exactE2e.addAll(o.exactE2e);
        }
        tpsTokens.add(o.tpsTokens);
        tpsSeconds.add(o.tpsSeconds);
        hasEnergy |= o.hasEnergy;
        energy.add(o.energy);
        eptEnergy.add(o.eptEnergy);
        eptTokens.add(o.eptTokens);
        powerTime.add(o.powerTime);
        powerWeighted.add(o.powerWeighted);
        if (!Double.isNaN(o.vramPeak)) {
            vramPeak = Double.isNaN(vramPeak) ? o.vramPeak : Math.max(vramPeak, o.vramPeak);
        }
        hasCost |= o.hasCost;
        hasEnergyCost |= o.hasEnergyCost;
        cost.add(o.cost);
        energyCost.add(o.energyCost);
        if (o.currency != null) {
            noteCurrency(o.currency);
        }
        mixed |= o.mixed;
        efficiency.merge(o.efficiency);
        if (sample != null && o.sample != null) {
            sample.merge(o.sample);
        }
    }

    GroupStats finish() {
        Double ttft50;
        Double ttft95;
        Double ttft99;
        Double tpot50;
        Double e2e50;
        Double e2e99;
        if (exactTtft != null) {
            Percentiles t = exactTtft.percentiles();
            Percentiles e = exactE2e.percentiles();
            ttft50 = t.at(50);
            ttft95 = t.at(95);
            ttft99 = t.at(99);
            tpot50 = exactTpot.percentiles().at(50);
            e2e50 = e.at(50);
            e2e99 = e.at(99);
        } else {
            ttft50 = ttft.percentileMs(50);
            ttft95 = ttft.percentileMs(95);
            ttft99 = ttft.percentileMs(99);
            tpot50 = tpot.percentileMs(50);
            e2e50 = e2e.percentileMs(50);
            e2e99 = e2e.percentileMs(99);
        }
        double seconds = tpsSeconds.value();
        double eptT = eptTokens.value();
        double eptE = eptEnergy.value();
        double pt = powerTime.value();
        return new GroupStats(key, calls, ok, errors, cancels, rejects, excluded, tokensIn, tokensOut,
                ttft50, ttft95, ttft99,
                gaps.percentileMs(50), gaps.percentileMs(95), gaps.percentileMs(99), gaps.total(),
                tpot50, e2e50, e2e99,
                seconds > 0 ? tpsTokens.value() / seconds : null,
                hasEnergy ? energy.value() : null, eptT > 0 ? eptE / eptT : null, eptE > 0 ? eptT / eptE : null,
                pt > 0 ? powerWeighted.value() / pt : null, Double.isNaN(vramPeak) ? null : vramPeak,
                mixed || !hasCost ? null : cost.value(), mixed || !hasEnergyCost ? null : energyCost.value(),
                mixed ? "mixed" : currency,
                efficiency.mfuPct(), efficiency.mbuPct());
    }

    /** A growable array of doubles (the --exact values). */
    static final class Values {
        private double[] v = new double[16];
        private int n;

        void add(double x) {
            if (n == v.length) {
                v = Arrays.copyOf(v, n * 2);
            }
            v[n++] = x;
        }

        void addAll(Values o) {
            for (int i = 0; i < o.n; i++) {
                add(o.v[i]);
            }
        }

        Percentiles percentiles() {
            return new Percentiles(v, n);
        }
    }
}
