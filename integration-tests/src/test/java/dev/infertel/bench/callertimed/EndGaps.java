package dev.infertel.bench.callertimed;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gap from our agent's end stamp to the caller's return, per call: the caller's stamp after the
 * call, put on the wall clock by the app's anchor, minus the record's end. A thread's k-th call is its
 * k-th record (each thread calls one at a time); a thread whose counts differ has lost or gained a
 * record, and its calls are left out rather than paired wrongly.
 *
 * <p>The gap rests on two anchors (the app's and the agent's, each a wall-clock and a nanoTime read), so
 * it may be off by a constant of a few micros. The bound needs no anchor: the caller's latency minus the
 * record's e2e is the entry gap plus the exit gap, so at least the exit gap.
 */
public final class EndGaps {

    /** Gaps and bounds in micros of the second half's calls, and the threads left out. */
    public record Result(double[] gapsMicros, double[] boundsMicros, List<String> unmatchedThreads) {
    }

    private EndGaps() {
    }

    public static Result of(RunSamples run, List<RunSamples.Call> calls, Map<String, AgentEnds.Calls> recordsByThread) {
        Map<String, List<RunSamples.Call>> byThread = new LinkedHashMap<>();
        for (RunSamples.Call c : calls) {
            byThread.computeIfAbsent(c.thread(), k -> new ArrayList<>()).add(c);
        }
        List<Double> gaps = new ArrayList<>();
        List<Double> bounds = new ArrayList<>();
        List<String> unmatched = new ArrayList<>();
        byThread.forEach((thread, own) -> {
            AgentEnds.Calls records = recordsByThread.get(thread);
            int count = records == null ? 0 : records.ends().length;
            if (count != own.size()) {
                unmatched.add(thread + " (" + own.size() + " calls, " + count + " records)");
                return;
            }
            own.sort((a, b) -> Integer.compare(a.seq(), b.seq()));
            for (int k = own.size() / 2; k < own.size(); k++) {
                RunSamples.Call call = own.get(k);
                gaps.add(run.epochMicros(call.endNanos()) - records.ends()[k]);
                bounds.add(call.latencyNanos() / 1_000.0 - (records.ends()[k] - records.starts()[k]));
            }
        });
        return new Result(gaps.stream().mapToDouble(Double::doubleValue).toArray(),
                bounds.stream().mapToDouble(Double::doubleValue).toArray(), unmatched);
    }
}
