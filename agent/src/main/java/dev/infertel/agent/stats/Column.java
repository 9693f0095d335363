package dev.infertel.agent.stats;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** One figure of {@link GroupStats} as printed: its JSON/CSV name, table header and table precision. */
public record Column(String name, String header, int decimals, Function<GroupStats, Object> value) {

    public static final List<Column> FIGURES = List.of(
            new Column("calls", "calls", 0, GroupStats::calls),
            new Column("ok", "ok", 0, GroupStats::ok),
            new Column("errors", "err", 0, GroupStats::errors),
            new Column("cancels", "cancel", 0, GroupStats::cancels),
            new Column("rejects", "reject", 0, GroupStats::rejects),
            new Column("excluded", "warmup", 0, GroupStats::excluded),
            new Column("tokens_in", "tok_in", 0, GroupStats::tokensIn),
            new Column("tokens_out", "tok_out", 0, GroupStats::tokensOut),
            new Column("ttft_p50_ms", "ttft_p50", 2, GroupStats::ttftP50Ms),
            new Column("ttft_p95_ms", "ttft_p95", 2, GroupStats::ttftP95Ms),
            new Column("ttft_p99_ms", "ttft_p99", 2, GroupStats::ttftP99Ms),
            new Column("itl_p50_ms", "itl_p50", 2, GroupStats::itlP50Ms),
            new Column("itl_p95_ms", "itl_p95", 2, GroupStats::itlP95Ms),
            new Column("itl_p99_ms", "itl_p99", 2, GroupStats::itlP99Ms),
            new Column("itl_gaps", "gaps", 0, GroupStats::itlGaps),
            new Column("tpot_p50_ms", "tpot_p50", 2, GroupStats::tpotP50Ms),
            new Column("e2e_p50_ms", "e2e_p50", 1, GroupStats::e2eP50Ms),
            new Column("e2e_p99_ms", "e2e_p99", 1, GroupStats::e2eP99Ms),
            new Column("output_tokens_per_s", "tok/s", 1, GroupStats::outputTokensPerS),
            new Column("energy_j", "energy_J", 1, GroupStats::energyJ),
            new Column("j_per_output_token", "J/tok", 3, GroupStats::joulesPerOutputToken),
            new Column("tokens_per_j", "tok/J", 3, GroupStats::tokensPerJoule),
            new Column("power_w_mean", "power_W", 1, GroupStats::powerWMean),
            new Column("vram_mb_peak", "vram_MB", 0, GroupStats::vramMbPeak),
            new Column("cost", "cost", 6, GroupStats::cost),
            new Column("energy_cost", "energy_cost", 6, GroupStats::energyCost),
            new Column("currency", "cur", 0, GroupStats::currency),
            new Column("mfu_pct", "MFU%", 2, GroupStats::mfuPct),
            new Column("mbu_pct", "MBU%", 2, GroupStats::mbuPct));

    /** The value as the table shows it; "-" for null. */
    public String text(GroupStats s) {
        Object v = value.apply(s);
        if (v == null) {
            return "-";
        }
        if (v instanceof Double d) {
            return String.format(Locale.ROOT, "%." + decimals + "f", d);
        }
        return v.toString();
    }
}
