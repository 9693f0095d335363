package dev.infertel.agent.stats;

import dev.infertel.agent.record.TelemetryRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads the inputs once (twice with an exclusion: once to find where each group's kept calls begin,
 * once to aggregate) on several threads, de-duplicates by record id, filters by time, groups, and
 * aggregates into mergeable per-group state. Memory depends on the number of groups and processes,
 * never on the number of records (unless {@link StatsQuery#exact()}).
 *
 * <p>Inputs come in phases read one after another; the sources of a phase are read in parallel.
 * The first copy of a duplicated record that is read is the one counted, so queues (the records as
 * recorded) go in a phase before the files a sink shipped them to (rounded to the microsecond).
 */
public final class StatsEngine {

    /**
     * @param threads reading threads
     * @param charts keep what the report draws (histograms are kept anyway; a sample of calls per group)
     * @param secondaryBy a second grouping of the kept calls, or null
     * @param splitBytes plain JSONL files are read in ranges of about this many bytes
     */
    public record Options(int threads, boolean charts, List<Dimension> secondaryBy, long splitBytes) {

        public static final Options DEFAULT = new Options(Runtime.getRuntime().availableProcessors(), false, null,
                16L << 20);

        public Options withCharts(List<Dimension> secondary) {
            return new Options(threads, true, secondary, splitBytes);
        }

        public Options withThreads(int n) {
            return new Options(Math.max(1, n), charts, secondaryBy, splitBytes);
        }
    }

    private StatsEngine() {
    }

    /** Over records in memory, with charts (tests; the report of records at hand). */
    public static StatsResult run(List<TelemetryRecord> records, StatsQuery q) {
        try {
            return run(List.of(List.of(new ListSource(records))), q,
                    Options.DEFAULT.withThreads(1).withCharts(List.of(Dimension.MODEL, Dimension.GPU)), new Problems());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static StatsResult run(List<List<RecordSource>> phases, StatsQuery q, Options options, Problems problems)
            throws IOException {
        GroupState.Settings settings = new GroupState.Settings(q.prices(), q.models(), q.exact(), options.charts());
        List<String> notes = new ArrayList<>();
        Map<List<String>, StartKey> cuts = null;
        if (q.exclusion().plan() != null) {
            List<Worker> planners = pass(phases, q, Worker.Pass.PLAN, settings, null, null, options, problems);
            Map<List<String>, ExclusionPlan> plans = new HashMap<>();
            for (Worker w : planners) {
                for (GroupTable.Slot s : w.groups.slots()) {
                    ExclusionPlan p = plans.get(s.key);
                    if (p == null) {
                        plans.put(s.key, s.plan);
                    } else {
                        p.merge(s.plan);
                    }
                }
            }
            cuts = new HashMap<>();
            for (Map.Entry<List<String>, ExclusionPlan> e : plans.entrySet()) {
                cuts.put(e.getKey(), e.getValue().cut());
                if (e.getValue().beyondHorizon()) {
                    notes.add("group " + String.join(" / ", e.getKey()) + " did not settle within its first "
                            + Exclusion.SteadyState.HORIZON + " ok calls: left out whole");
                }
            }
        }
        List<Worker> workers = pass(phases, q, Worker.Pass.AGGREGATE, settings, cuts, options.secondaryBy(), options,
                problems);
        TreeMap<List<String>, GroupState> groups = merge(workers, false);
        TreeMap<List<String>, GroupState> secondary = merge(workers, true);
        long read = 0;
        long outOfRange = 0;
        long duplicates = 0;
        for (Worker w : workers) {
            read += w.read;
            outOfRange += w.outOfRange;
            duplicates += w.duplicates;
        }
        return new StatsResult(q, result(groups, options.charts()), read, outOfRange, duplicates, notes,
                result(secondary, options.charts()));
    }

    private static TreeMap<List<String>, GroupState> merge(List<Worker> workers, boolean secondary) {
        TreeMap<List<String>, GroupState> groups = new TreeMap<>(StatsEngine::compareKeys);
        for (Worker w : workers) {
            for (GroupTable.Slot s : (secondary ? w.secondary : w.groups).slots()) {
                GroupState g = groups.get(s.key);
                if (g == null) {
                    groups.put(s.key, s.state);
                } else {
                    g.merge(s.state);
                }
            }
        }
        return groups;
    }

    private static List<StatsResult.Group> result(TreeMap<List<String>, GroupState> groups, boolean charts) {
        List<StatsResult.Group> out = new ArrayList<>();
        for (GroupState g : groups.values()) {
            StatsResult.Charts c = charts ? new StatsResult.Charts(g.ttft, g.gaps, g.sample.points(), g.sample.offered())
                    : null;
            out.add(new StatsResult.Group(g.finish(), c));
        }
        return out;
    }

    /** One pass over every phase; the workers hold what it found. */
    private static List<Worker> pass(List<List<RecordSource>> phases, StatsQuery q, Worker.Pass pass,
                                     GroupState.Settings settings, Map<List<String>, StartKey> cuts,
                                     List<Dimension> secondaryBy, Options options, Problems problems)
            throws IOException {
        SeenIds seen = new SeenIds();
        // problems are reported by the aggregating pass only, so that a bad line is not counted twice
        Problems reported = pass == Worker.Pass.AGGREGATE || q.exclusion().plan() == null ? problems : new Problems();
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < options.threads(); i++) {
            workers.add(new Worker(q, pass, seen, settings, cuts, secondaryBy));
        }
        for (List<RecordSource> phase : phases) {
            ConcurrentLinkedQueue<RecordSource> tasks = new ConcurrentLinkedQueue<>();
            for (RecordSource s : phase) {
                tasks.addAll(s.split(options.splitBytes()));
            }
            int threads = Math.min(options.threads(), tasks.size());
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> running = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Worker w = workers.get(i);
                Thread t = new Thread(() -> {
                    RecordSource s;
                    while (failure.get() == null && (s = tasks.poll()) != null) {
                        try {
                            s.read(w, reported);
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                        }
                    }
                }, "telemetry-stats-" + i);
                t.setDaemon(true);
                running.add(t);
                t.start();
            }
            for (Thread t : running) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
            }
            Throwable f = failure.get();
            if (f instanceof IOException io) {
                throw io;
            }
            if (f instanceof RuntimeException re) {
                throw re;
            }
            if (f instanceof Error err) {
                throw err;
            }
        }
        return workers;
    }

    static int compareKeys(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
