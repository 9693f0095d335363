package dev.infertel.bench.callertimed;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The table of scripts/caller-timed-bench.sh, from its runs' folders {@code rROUND-AGENT} (AGENT: none,
 * ours, otel), each with the app's {@code samples.tsv} and, for ours, the records as {@code records.jsonl}.
 * Per run and case: p50 and p99 of the second half's caller-timed latency; added latency = a run's
 * figure minus that of the same round's run without an agent; then medians across rounds.
 *
 * <pre>java -cp test-classes dev.infertel.bench.callertimed.CallerTimedReport WORK_DIR</pre>
 */
public final class CallerTimedReport {

    static final String[] AGENTS = {"none", "ours", "otel"};
    /** Our added latency must be at most this share of OpenTelemetry's, in every case. */
    static final double GOAL_SHARE = 0.2;

    /** One run's figures for one case, in micros; gaps only for ours. */
    record Figures(double p50, double p99, double gapP50, double gapP99, double boundP99, List<String> unmatched) {
    }

    private CallerTimedReport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: CallerTimedReport WORK_DIR");
            System.exit(2);
        }
        // round -> agent -> case -> figures
        Map<Integer, Map<String, Map<String, Figures>>> rounds = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(Path.of(args[0]))) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                String[] name = dir.getFileName().toString().split("-", 2);
                if (name.length == 2 && name[0].startsWith("r") && Files.exists(dir.resolve("samples.tsv"))) {
                    rounds.computeIfAbsent(Integer.parseInt(name[0].substring(1)), k -> new TreeMap<>())
                            .put(name[1], figures(dir));
                }
            }
        }
        print(rounds, System.out);
    }

    static Map<String, Figures> figures(Path dir) throws IOException {
        RunSamples run = RunSamples.read(dir.resolve("samples.tsv"));
        Path records = dir.resolve("records.jsonl");
        Map<String, AgentEnds.Calls> ends = Files.exists(records) ? AgentEnds.read(records) : null;
        Map<String, Figures> byCase = new TreeMap<>();
        run.byCase().forEach((name, calls) -> {
            double[] latency = RunSamples.secondHalf(calls).stream().mapToDouble(c -> c.latencyNanos() / 1_000.0).toArray();
            double gapP50 = Double.NaN;
            double gapP99 = Double.NaN;
            double boundP99 = Double.NaN;
            List<String> unmatched = List.of();
            if (ends != null) {
                EndGaps.Result gaps = EndGaps.of(run, calls, ends);
                gapP50 = Percentiles.of(gaps.gapsMicros(), 0.50);
                gapP99 = Percentiles.of(gaps.gapsMicros(), 0.99);
                boundP99 = Percentiles.of(gaps.boundsMicros(), 0.99);
                unmatched = gaps.unmatchedThreads();
            }
            byCase.put(name, new Figures(Percentiles.of(latency, 0.50), Percentiles.of(latency, 0.99), gapP50, gapP99, boundP99, unmatched));
        });
        return byCase;
    }

    static void print(Map<Integer, Map<String, Map<String, Figures>>> rounds, PrintStream out) {
        List<String> cases = new ArrayList<>();
        for (BenchCase c : BenchCase.all()) {
            if (rounds.values().stream().anyMatch(r -> r.getOrDefault("none", Map.of()).containsKey(c.name()))) {
                cases.add(c.name());
            }
        }
        out.printf("caller-timed latency, us: median over %d rounds of each run's p50 / p99 (second half of the run)%n", rounds.size());
        out.printf("%-16s %-17s %-17s %-17s%n", "case", "no agent", "ours", "otel");
        for (String c : cases) {
            out.printf("%-16s", c);
            for (String agent : AGENTS) {
                out.printf(" %-17s", pair(median(rounds, agent, c, Figures::p50), median(rounds, agent, c, Figures::p99)));
            }
            out.println();
        }
        out.println();
        out.println("added latency, us: median over rounds of (run - same round's no-agent run); goal: ours <= 1/5 of otel's");
        out.printf("%-16s %-17s %-17s %-15s %-14s %-20s %s%n", "case", "ours added", "otel added", "ours/otel", "goal", "gap p50 / p99", "bound p99");
        List<String> unmatched = new ArrayList<>();
        for (String c : cases) {
            double o50 = added(rounds, "ours", c, Figures::p50);
            double o99 = added(rounds, "ours", c, Figures::p99);
            double t50 = added(rounds, "otel", c, Figures::p50);
            double t99 = added(rounds, "otel", c, Figures::p99);
            double gapGoal = c.endsWith("-1t") ? 20 : 100;
            double gap99 = median(rounds, "ours", c, Figures::gapP99);
            double bound99 = median(rounds, "ours", c, Figures::boundP99);
            out.printf("%-16s %-17s %-17s %-15s %-14s %-20s %.1f%n", c, pair(o50, o99), pair(t50, t99),
                    ratio(o50, t50) + " / " + ratio(o99, t99),
                    verdict(o50, t50) + "/" + verdict(o99, t99),
                    pair(median(rounds, "ours", c, Figures::gapP50), gap99)
                            + (Double.isNaN(gap99) ? "" : gap99 <= gapGoal ? " ok" : " >" + (int) gapGoal), bound99);
            rounds.forEach((round, byAgent) -> {
                Figures f = byAgent.getOrDefault("ours", Map.of()).get(c);
                if (f != null && !f.unmatched().isEmpty()) {
                    unmatched.add("round " + round + " " + c + ": " + f.unmatched());
                }
            });
        }
        out.println("(goal: p50/p99, met or MISSED; gap: our record's end to the caller's return, p99 goal 20 us at 1 thread,");
        out.println(" 100 us at 8; bound: caller latency minus the record's e2e, entry + exit gap, no clock anchors)");
        for (String u : unmatched) {
            out.println("gap left out, records and calls differ: " + u);
        }
    }

    static String verdict(double ours, double otel) {
        if (Double.isNaN(ours) || Double.isNaN(otel)) {
            return "n/a";
        }
        return ours <= GOAL_SHARE * Math.max(otel, 0) || ours <= 0 ? "met" : "MISSED";
    }

    private static String ratio(double ours, double otel) {
        if (Double.isNaN(ours) || !(otel > 0)) {
            return "n/a";
        }
        return ours <= 0 ? "<=0" : String.format("%.2f", ours / otel);
    }

    private static String pair(double a, double b) {
        return String.format("%.1f / %.1f", a, b);
    }

    private interface Field {
        double of(Figures f);
    }

    private static double median(Map<Integer, Map<String, Map<String, Figures>>> rounds, String agent, String c, Field field) {
        return Percentiles.median(rounds.values().stream()
                .map(r -> r.getOrDefault(agent, Map.of()).get(c))
                .mapToDouble(f -> f == null ? Double.NaN : field.of(f)).toArray());
    }

    private static double added(Map<Integer, Map<String, Map<String, Figures>>> rounds, String agent, String c, Field field) {
        return Percentiles.median(rounds.values().stream().mapToDouble(r -> {
            Figures with = r.getOrDefault(agent, Map.of()).get(c);
            Figures without = r.getOrDefault("none", Map.of()).get(c);
            return with == null || without == null ? Double.NaN : field.of(with) - field.of(without);
        }).toArray());
    }
}
