package dev.infertel.agent.report;

import dev.infertel.agent.record.GapHistogram;
import dev.infertel.agent.stats.Column;
import dev.infertel.agent.stats.Dimension;
import dev.infertel.agent.stats.GroupStats;
import dev.infertel.agent.stats.LogHistogram;
import dev.infertel.agent.stats.SampledSeries;
import dev.infertel.agent.stats.StatsResult;
import dev.infertel.agent.record.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The stats of a run as one self-contained HTML page: the table, then inline SVG charts (no script,
 * no network): TTFT and ITL distributions per group (from the groups' histograms), latency over time
 * (a deterministic sample of each group's calls), tokens/s and J/token per model x GPU, and GPU
 * power over time when records carry GPU fields. Its size depends on the groups, never on the calls.
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
        h.append("<p class=\"m\">Latency figures are over ok calls; ")
                .append(result.query().exact() ? "TTFT/E2E/TPOT percentiles are exact nearest-rank"
                        : "TTFT/E2E/TPOT percentiles are bucket midpoints of per-group log-linear histograms, within "
                        + percent() + " % of the exact nearest-rank value")
                .append("; ITL percentiles are over every inter-chunk gap, within ").append(percent())
                .append(" %. Distributions are drawn from the same histograms; charts over time show a sample of at most ")
                .append(SampledSeries.DEFAULT_SIZE).append(" calls per group.</p>\n");
        h.append("<div style=\"overflow-x:auto\">");
        table(h, result);
        h.append("</div>\n");
        List<String> names = result.groups().stream().map(StatsResult.Group::label).toList();

        h.append("<h2>Latency distributions</h2>\n<div class=\"charts\">\n");
        h.append(histogramCdf("TTFT distribution (cumulative)", "TTFT, ms (log scale)", "% of calls at or below",
                result, StatsResult.Charts::ttft, names));
        h.append(histogramCdf("ITL distribution, all gaps (cumulative)", "inter-token gap, ms (log scale)",
                "% of gaps at or below", result, StatsResult.Charts::gaps, names));
        h.append("</div>\n<h2>Latency over time</h2>\n<div class=\"charts\">\n");
        h.append(overTime("End-to-end latency over time", "E2E, ms", result, SampledSeries.Point::e2eMs, names));
        h.append(overTime("TTFT over time", "TTFT, ms", result, SampledSeries.Point::firstTokenMs, names));
        h.append("</div>\n");

        List<StatsResult.Group> byModelGpu = result.secondary();
        List<String> mg = byModelGpu.stream().map(StatsResult.Group::label).toList();
        h.append("<h2>Throughput and energy per model x GPU</h2>\n<div class=\"charts\">\n");
        h.append(bars("Output tokens/s (ok calls)", "tokens/s", byModelGpu, GroupStats::outputTokensPerS, mg));
        boolean energy = byModelGpu.stream().anyMatch(g -> g.stats().joulesPerOutputToken() != null);
        if (energy) {
            h.append(bars("Energy per output token", "J/token", byModelGpu, GroupStats::joulesPerOutputToken, mg));
        }
        h.append("</div>\n");
        boolean power = result.groups().stream().flatMap(g -> g.charts().sample().stream())
                .anyMatch(p -> !Double.isNaN(p.powerWMean()));
        if (power) {
            h.append("<h2>GPU power over time</h2>\n<div class=\"charts\">\n");
            h.append(overTime("Mean GPU power per call", "W", result, SampledSeries.Point::powerWMean, names));
            h.append("</div>\n");
        } else {
            h.append("<p class=\"m\">No GPU fields in these records: energy and power charts are left out.</p>\n");
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    private static String percent() {
        return String.format(java.util.Locale.ROOT, "%.2f", GapHistogram.RELATIVE_ERROR * 100);
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

    /** The cumulative distribution of one histogram per group, as a step line over its buckets. */
    private static String histogramCdf(String title, String xTitle, String yTitle, StatsResult result,
                                       Function<StatsResult.Charts, LogHistogram> histogram, List<String> names) {
        List<double[][]> series = new ArrayList<>();
        double min = Double.MAX_VALUE;
        double max = 0;
        for (StatsResult.Group g : result.groups()) {
            double[][] b = histogram.apply(g.charts()).bucketsMs();
            series.add(b);
            for (double[] bucket : b) {
                if (bucket[0] > 0) {
                    min = Math.min(min, bucket[0]);
                    max = Math.max(max, bucket[0]);
                }
            }
        }
        if (max <= 0) {
            return empty(title);
        }
        Chart c = new Chart(title, xTitle, yTitle)
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

    private static String overTime(String title, String yTitle, StatsResult result,
                                   ToDoubleFunction<SampledSeries.Point> value, List<String> names) {
        double t0 = Double.MAX_VALUE;
        double t1 = -Double.MAX_VALUE;
        double max = 0;
        long sampled = 0;
        long calls = 0;
        for (StatsResult.Group g : result.groups()) {
            sampled += g.charts().sample().size();
            calls += g.charts().sampledFrom();
            for (SampledSeries.Point p : g.charts().sample()) {
                double v = value.applyAsDouble(p);
                if (!Double.isNaN(v)) {
                    double t = p.startEpochMicros() / 1000.0;
                    t0 = Math.min(t0, t);
                    t1 = Math.max(t1, t);
                    max = Math.max(max, v);
                }
            }
        }
        if (t0 == Double.MAX_VALUE) {
            return empty(title);
        }
        String shown = sampled < calls ? title + " (sample of " + sampled + " of " + calls + " calls)" : title;
        Chart c = new Chart(shown, "call start (UTC)", yTitle).x(Axis.linear(t0, t1, Chart.LEFT + 8, Chart.RIGHT - 8))
                .timeX().y(Axis.linear(0, max * 1.05, Chart.BOTTOM, Chart.TOP)).legend(names);
        for (int s = 0; s < result.groups().size(); s++) {
            for (SampledSeries.Point p : result.groups().get(s).charts().sample()) {
                double v = value.applyAsDouble(p);
                if (!Double.isNaN(v)) {
                    c.dot(p.startEpochMicros() / 1000.0, v, s);
                }
            }
        }
        return c.svg();
    }

    private static String bars(String title, String yTitle, List<StatsResult.Group> groups,
                               Function<GroupStats, Double> value, List<String> names) {
        double max = 0;
        for (StatsResult.Group g : groups) {
            Double v = value.apply(g.stats());
            max = v == null ? max : Math.max(max, v);
        }
        if (max <= 0) {
            return empty(title);
        }
        Chart c = new Chart(title, "model / GPU", yTitle).y(Axis.linear(0, max * 1.15, Chart.BOTTOM, Chart.TOP)).legend(names);
        for (int s = 0; s < groups.size(); s++) {
            Double v = value.apply(groups.get(s).stats());
            if (v != null) {
                c.bar(s, groups.size(), v, s, Axis.label(v));
            }
        }
        return c.svg();
    }

    private static String empty(String title) {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + Chart.WIDTH + "\" height=\"60\"><text class=\"t\" x=\"10\" y=\"20\">"
                + Html.escape(title) + "</text><text x=\"10\" y=\"42\">no data</text></svg>\n";
    }
}
