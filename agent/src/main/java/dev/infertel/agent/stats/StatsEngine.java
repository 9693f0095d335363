package dev.infertel.agent.stats;

import dev.infertel.agent.record.TelemetryRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Filters records by time, groups them, drops each group's warm-up calls, and aggregates. */
public final class StatsEngine {

    /** Start order; the record id breaks ties so that the order never depends on input order. */
    static final Comparator<TelemetryRecord> START_ORDER =
            Comparator.comparingLong(TelemetryRecord::startEpochMicros).thenComparing(TelemetryRecord::recordId);

    private StatsEngine() {
    }

    public static StatsResult run(List<TelemetryRecord> records, StatsQuery q) {
        Map<List<String>, List<TelemetryRecord>> groups = new TreeMap<>(StatsEngine::compareKeys);
        long outOfRange = 0;
        for (TelemetryRecord r : records) {
            if (!q.inRange(r.startEpochMicros())) {
                outOfRange++;
                continue;
            }
            List<String> key = new ArrayList<>(q.by().size());
            for (Dimension d : q.by()) {
                key.add(d.of(r));
            }
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        Aggregator aggregator = new Aggregator(q.prices(), q.models());
        List<StatsResult.Group> out = new ArrayList<>();
        for (Map.Entry<List<String>, List<TelemetryRecord>> e : groups.entrySet()) {
            List<TelemetryRecord> calls = e.getValue();
            calls.sort(START_ORDER);
            int drop = q.exclusion().leadingCallsToDrop(calls);
            List<TelemetryRecord> kept = calls.subList(drop, calls.size());
            out.add(new StatsResult.Group(aggregator.aggregate(e.getKey(), kept, drop), kept));
        }
        return new StatsResult(q, out, records.size(), outOfRange);
    }

    private static int compareKeys(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
