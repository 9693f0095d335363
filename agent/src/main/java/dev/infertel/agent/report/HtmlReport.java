package dev.infertel.agent.report;

import dev.infertel.agent.record.Exit;
import dev.infertel.agent.record.GapHistogram;
import dev.infertel.agent.record.TelemetryRecord;
import dev.infertel.agent.stats.Column;
import dev.infertel.agent.stats.Dimension;
import dev.infertel.agent.stats.Exclusion;
import dev.infertel.agent.stats.GapAccumulator;
import dev.infertel.agent.stats.GroupStats;
import dev.infertel.agent.stats.StatsEngine;
import dev.infertel.agent.stats.StatsQuery;
import dev.infertel.agent.stats.StatsResult;
import dev.infertel.agent.record.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The stats of a run as one self-contained HTML page: the table, then inline SVG charts (no script,
 * no network): TTFT and ITL distributions per group, latency over time, tokens/s and J/token per
 * model x GPU, and GPU power over time when records carry GPU fields.
 */
public final class HtmlReport {

    private static final String STYLE = String.join("\n",
            "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:24px;color:#1d2433;background:#fff}",
            "h1{font-size:22px;margin:0 0 4px} h2{font-size:17px;margin:28px 0 8px} p.m{color:#5a6275;margin:2px 0}",
            "table{border-collapse:collapse;font-size:12px;margin-top:8px} th,td{padding:3px 7px;border-bottom:1px solid #e4e7f0;white-space:nowrap}",
            "th{background:#eef1f8;text-align:right} td{text-align:right;font-variant-numeric:tabular-nums} td.k,th.k{text-align:left}",
            ".charts{display:flex;flex-wrap:wrap;gap:16px} svg{background:#fff}",
            "svg text{font-size:11px;fill:#3b4256} svg text.t{font-size:13px;font-weight:600;fill:#1d2433} svg text.v{font-size:10px}");

    private HtmlReport() {
    }

    public static String render(StatsResult result, String title, Instant generated) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(Html.escape(title))
                .append("</title>\n<style>").append(STYLE).append("</style></head><body>\n");
        h.append("<h1>").append(Html.escape(title)).append("</h1>\n");
        long calls = result.groups().stream().mapToLong(g -> g.stats().calls()).sum();
        h.append("<p class=\"m\">").append(result.read()).append(" record(s) read, ").append(result.outOfRange())
                .append(" outside the time range, ").append(calls).append(" call(s) in ").append(result.groups().size())
                .append(" group(s); warm-up left out: ").append(Html.escape(result.query().exclusion().describe()))
                .append(". Generated ").append(Timestamps.isoMicros(generated.toEpochMilli() * 1000)).append(".</p>\n");
        h.append("<p class=\"m\">Latency figures are over ok calls; TTFT/E2E/TPOT percentiles are exact nearest-rank, "
                + "ITL percentiles are over every inter-chunk gap, within ")
                .append(String.format(java.util.Locale.ROOT, "%.2f", GapHistogram.RELATIVE_ERROR * 100)).append(" %.</p>\n");
        h.append("<div style=\"overflow-x:auto\">");
        table(h, result);
        h.append("</div>\n");
        List<String> names = result.groups().stream().map(StatsResult.Group::label).toList();

        h.append("<h2>Latency distributions</h2>\n<div class=\"charts\">\n");
        h.append(cdf("TTFT distribution (cumulative)", "TTFT, ms (log scale)", result,
                r -> r.firstTokenMs() == null ? Double.NaN : r.firstTokenMs(), names));
        h.append(itlCdf(result, names));
        h.append("</div>\n<h2>Latency over time</h2>\n<div class=\"charts\">\n");
        h.append(overTime("End-to-end latency over time", "E2E, ms", result, r -> r.e2eMs(), names));
        h.append(overTime("TTFT over time", "TTFT, ms", result, r -> r.firstTokenMs() == null ? Double.NaN : r.firstTokenMs(), names));
        h.append("</div>\n");

        StatsResult byModelGpu = perModelGpu(result);
        List<String> mg = byModelGpu.groups().stream().map(StatsResult.Group::label).toList();
        h.append("<h2>Throughput and energy per model x GPU</h2>\n<div class=\"charts\">\n");
        h.append(bars("Output tokens/s (ok calls)", "tokens/s", byModelGpu, GroupStats::outputTokensPerS, mg));
        boolean energy = byModelGpu.groups().stream().anyMatch(g -> g.stats().joulesPerOutputToken() != null);
        if (energy) {
            h.append(bars("Energy per output token", "J/token", byModelGpu, GroupStats::joulesPerOutputToken, mg));
        }
        h.append("</div>\n");
        boolean power = result.groups().stream().flatMap(g -> g.calls().stream())
                .anyMatch(r -> r.gpu() != null && r.gpu().powerWMean() != null);
        if (power) {
            h.append("<h2>GPU power over time</h2>\n<div class=\"charts\">\n");
            h.append(overTime("Mean GPU power per call", "W", result,
                    r -> r.gpu() == null || r.gpu().powerWMean() == null ? Double.NaN : r.gpu().powerWMean(), names));
            h.append("</div>\n");
        } else {
            h.append("<p class=\"m\">No GPU fields in these records: energy and power charts are left out.</p>\n");
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void table(StringBuilder h, StatsResult result) {
        h.append("<table><tr>");
        for (Dimension d : result.query().by()) {
            h.append("<th class=\"k\">").append(d.key()).append("</th>");
        }
        List<Column> shown = Column.FIGURES.stream()
                .filter(c -> result.groups().stream().anyMatch(g -> c.value().apply(g.stats()) != null)).toList();
        for (Column c : shown) {
            h.append("<th>").append(Html.escape(c.header())).append("</th>");
        }
        h.append("</tr>\n");
        for (StatsResult.Group g : result.groups()) {
            h.append("<tr>");
            for (String k : g.stats().key()) {
                h.append("<td class=\"k\">").append(Html.escape(k)).append("</td>");
            }
            for (Column c : shown) {
                h.append("<td>").append(Html.escape(c.text(g.stats()))).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static String cdf(String title, String xTitle, StatsResult result, ToDoubleFunction<TelemetryRecord> value,
                              List<String> names) {
        List<double[]> series = new ArrayList<>();
        double min = Double.MAX_VALUE;
        double max = 0;
        for (StatsResult.Group g : result.groups()) {
            double[] v = g.calls().stream().filter(r -> r.exit() == Exit.OK).mapToDouble(value)
                    .filter(d -> !Double.isNaN(d) && d > 0).sorted().toArray();
            series.add(v);
            if (v.length > 0) {
                min = Math.min(min, v[0]);
                max = Math.max(max, v[v.length - 1]);
            }
        }
        if (max <= 0) {
            return empty(title);
        }
        Chart c = new Chart(title, xTitle, "% of calls at or below").x(Axis.log(min, max, Chart.LEFT, Chart.RIGHT))
                .y(Axis.linear(0, 100, Chart.BOTTOM, Chart.TOP)).legend(names);
        for (int s = 0; s < series.size(); s++) {
            double[] v = series.get(s);
            double[] xs = new double[v.length * 2];
            double[] ys = new double[v.length * 2];
            for (int i = 0; i < v.length; i++) {
                xs[2 * i] = v[i];
                ys[2 * i] = 100.0 * i / v.length;
                xs[2 * i + 1] = v[i];
                ys[2 * i + 1] = 100.0 * (i + 1) / v.length;
            }
            c.polyline(xs, ys, xs.length, s);
        }
        return c.svg();
    }

    /** The cumulative distribution of every inter-chunk gap of a group's ok calls, from the merged histograms. */
    private static String itlCdf(StatsResult result, List<String> names) {
        List<double[][]> series = new ArrayList<>();
        double min = Double.MAX_VALUE;
        double max = 0;
        for (StatsResult.Group g : result.groups()) {
            GapAccumulator acc = new GapAccumulator();
            g.calls().stream().filter(r -> r.exit() == Exit.OK && r.itlHist() != null).forEach(r -> acc.add(r.itlHist()));
            double[][] b = acc.bucketsMs();
            series.add(b);
            for (double[] bucket : b) {
                if (bucket[0] > 0) {
                    min = Math.min(min, bucket[0]);
                    max = Math.max(max, bucket[0]);
                }
            }
        }
        if (max <= 0) {
            return empty("ITL distribution (cumulative)");
        }
        Chart c = new Chart("ITL distribution, all gaps (cumulative)", "inter-token gap, ms (log scale)", "% of gaps at or below")
                .x(Axis.log(min, max, Chart.LEFT, Chart.RIGHT)).y(Axis.linear(0, 100, Chart.BOTTOM, Chart.TOP)).legend(names);
        for (int s = 0; s < series.size(); s++) {
            double[][] b = series.get(s);
            double total = Arrays.stream(b).mapToDouble(x -> x[1]).sum();
            double[] xs = new double[b.length * 2];
            double[] ys = new double[b.length * 2];
            double seen = 0;
            for (int i = 0; i < b.length; i++) {
                xs[2 * i] = b[i][0];
                ys[2 * i] = 100 * seen / total;
                seen += b[i][1];
                xs[2 * i + 1] = b[i][0];
                ys[2 * i + 1] = 100 * seen / total;
            }
            c.polyline(xs, ys, xs.length, s);
        }
        return c.svg();
    }

    private static String overTime(String title, String yTitle, StatsResult result, ToDoubleFunction<TelemetryRecord> value,
                                   List<String> names) {
        double t0 = Double.MAX_VALUE;
        double t1 = -Double.MAX_VALUE;
        double max = 0;
        for (StatsResult.Group g : result.groups()) {
            for (TelemetryRecord r : g.calls()) {
                double v = value.applyAsDouble(r);
                if (!Double.isNaN(v)) {
                    double t = r.startEpochMicros() / 1000.0;
                    t0 = Math.min(t0, t);
                    t1 = Math.max(t1, t);
                    max = Math.max(max, v);
                }
            }
        }
        if (t0 == Double.MAX_VALUE) {
            return empty(title);
        }
        Chart c = new Chart(title, "call start (UTC)", yTitle).x(Axis.linear(t0, t1, Chart.LEFT + 8, Chart.RIGHT - 8))
                .timeX().y(Axis.linear(0, max * 1.05, Chart.BOTTOM, Chart.TOP)).legend(names);
        for (int s = 0; s < result.groups().size(); s++) {
            for (TelemetryRecord r : result.groups().get(s).calls()) {
                double v = value.applyAsDouble(r);
                if (!Double.isNaN(v)) {
                    c.dot(r.startEpochMicros() / 1000.0, v, s);
                }
            }
        }
        return c.svg();
    }

    private static String bars(String title, String yTitle, StatsResult result,
                               java.util.function.Function<GroupStats, Double> value, List<String> names) {
        double max = 0;
        for (StatsResult.Group g : result.groups()) {
            Double v = value.apply(g.stats());
            max = v == null ? max : Math.max(max, v);
        }
        if (max <= 0) {
            return empty(title);
        }
        Chart c = new Chart(title, "model / GPU", yTitle).y(Axis.linear(0, max * 1.15, Chart.BOTTOM, Chart.TOP)).legend(names);
        for (int s = 0; s < result.groups().size(); s++) {
            Double v = value.apply(result.groups().get(s).stats());
            if (v != null) {
                c.bar(s, result.groups().size(), v, s, Axis.label(v));
            }
        }
        return c.svg();
    }

    /** The same kept calls regrouped by model and GPU (warm-up already left out). */
    private static StatsResult perModelGpu(StatsResult result) {
        List<TelemetryRecord> kept = result.groups().stream().flatMap(g -> g.calls().stream()).toList();
        StatsQuery q = result.query();
        return StatsEngine.run(kept, new StatsQuery(List.of(Dimension.MODEL, Dimension.GPU), null, null,
                Exclusion.NONE, q.prices(), q.models()));
    }

    private static String empty(String title) {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + Chart.WIDTH + "\" height=\"60\"><text class=\"t\" x=\"10\" y=\"20\">"
                + Html.escape(title) + "</text><text x=\"10\" y=\"42\">no data</text></svg>\n";
    }
}
