package dev.infertel.agent.stats;

import dev.infertel.agent.config.CostConfig;
import dev.infertel.agent.config.ModelSpec;
import dev.infertel.agent.record.Exit;
import dev.infertel.agent.record.TelemetryRecord;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Computes one group's {@link GroupStats} from its kept calls. */
final class Aggregator {

    private final CostConfig fallbackPrices;
    private final Map<String, ModelSpec> models;

    /**
     * @param fallbackPrices prices for records that carry no cost (e.g. recorded before pricing was configured)
     * @param models model sizes for MFU and MBU
     */
    Aggregator(CostConfig fallbackPrices, Map<String, ModelSpec> models) {
        this.fallbackPrices = fallbackPrices;
        this.models = models;
    }

    GroupStats aggregate(List<String> key, List<TelemetryRecord> calls, long excluded) {
        int n = calls.size();
        long ok = 0;
        long errors = 0;
        long cancels = 0;
        long rejects = 0;
        long tokensIn = 0;
        long tokensOut = 0;
        double[] ttft = new double[n];
        double[] tpot = new double[n];
        double[] e2e = new double[n];
        int nTtft = 0;
        int nTpot = 0;
        int nE2e = 0;
        GapAccumulator gaps = new GapAccumulator();
        double tpsTokens = 0;
        double tpsSeconds = 0;
        Double energy = null;
        double eptEnergy = 0;
        double eptTokens = 0;
        double powerTime = 0;
        double powerWeighted = 0;
        Double vramPeak = null;
        Double cost = null;
        Double energyCost = null;
        String currency = null;
        boolean mixed = false;
        Efficiency efficiency = new Efficiency();

        for (TelemetryRecord r : calls) {
            switch (r.exit()) {
                case OK -> ok++;
                case ERROR -> errors++;
                case CANCEL -> cancels++;
                case REJECT -> rejects++;
                default -> throw new IllegalStateException(r.exit().name());
            }
            tokensIn += r.tokensIn() == null ? 0 : r.tokensIn();
            tokensOut += r.tokensOut() == null ? 0 : r.tokensOut();
            if (r.gpu() != null) {
                if (r.gpu().energyJ() != null) {
                    energy = (energy == null ? 0 : energy) + r.gpu().energyJ();
                }
                if (r.gpu().powerWMean() != null) {
                    powerWeighted += r.gpu().powerWMean() * r.e2eMs();
                    powerTime += r.e2eMs();
                }
                if (r.gpu().vramUsedMbPeak() != null) {
                    vramPeak = vramPeak == null ? r.gpu().vramUsedMbPeak() : Math.max(vramPeak, r.gpu().vramUsedMbPeak());
                }
            }
            Double c = r.cost() != null ? r.cost() : fallbackPrices.tokenCost(r.modelRef(), r.tokensIn(), r.tokensOut());
            Double ec = r.energyCost() != null ? r.energyCost()
                    : fallbackPrices.energyCost(r.gpu() == null ? null : r.gpu().energyJ());
            if (c != null || ec != null) {
                String cur = r.currency() != null ? r.currency() : fallbackPrices.currency();
                if (currency != null && !currency.equals(cur)) {
                    mixed = true;
                }
                currency = cur;
                if (c != null) {
                    cost = (cost == null ? 0 : cost) + c;
                }
                if (ec != null) {
                    energyCost = (energyCost == null ? 0 : energyCost) + ec;
                }
            }
            if (r.exit() != Exit.OK) {
                continue;
            }
            if (r.firstTokenMs() != null) {
                ttft[nTtft++] = r.firstTokenMs();
            }
            if (r.tpotMs() != null) {
                tpot[nTpot++] = r.tpotMs();
            }
            e2e[nE2e++] = r.e2eMs();
            if (r.itlHist() != null) {
                gaps.add(r.itlHist());
            }
            if (r.tokensOut() != null && r.e2eMs() > 0) {
                tpsTokens += r.tokensOut();
                tpsSeconds += r.e2eMs() / 1000.0;
            }
            if (r.gpu() != null && r.gpu().energyJ() != null && r.tokensOut() != null) {
                eptEnergy += r.gpu().energyJ();
                eptTokens += r.tokensOut();
            }
            efficiency.add(r, models.get(Objects.requireNonNullElse(r.modelRef(), "")));
        }
        Percentiles t = new Percentiles(ttft, nTtft);
        Percentiles e = new Percentiles(e2e, nE2e);
        return new GroupStats(key, n, ok, errors, cancels, rejects, excluded, tokensIn, tokensOut,
                t.at(50), t.at(95), t.at(99),
                gaps.percentileMs(50), gaps.percentileMs(95), gaps.percentileMs(99), gaps.total(),
                new Percentiles(tpot, nTpot).at(50), e.at(50), e.at(99),
                tpsSeconds > 0 ? tpsTokens / tpsSeconds : null,
                energy, eptTokens > 0 ? eptEnergy / eptTokens : null, eptEnergy > 0 ? eptTokens / eptEnergy : null,
                powerTime > 0 ? powerWeighted / powerTime : null, vramPeak,
                mixed ? null : cost, mixed ? null : energyCost, mixed ? "mixed" : currency,
                efficiency.mfuPct(), efficiency.mbuPct());
    }
}
