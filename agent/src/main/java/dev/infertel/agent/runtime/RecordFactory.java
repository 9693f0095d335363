package dev.infertel.agent.runtime;

import dev.infertel.agent.config.CostConfig;
import dev.infertel.agent.record.Exit;
import dev.infertel.agent.record.GapHistogram;
import dev.infertel.agent.record.GpuFields;
import dev.infertel.agent.record.ItlSummary;
import dev.infertel.agent.record.JoinFields;
import dev.infertel.agent.record.RecordIds;
import dev.infertel.agent.record.TelemetryRecord;
import dev.infertel.agent.record.Timestamps;
import dev.infertel.bootstrap.CallTimeline;

/** Turns an ended {@link CallTimeline} into its {@link TelemetryRecord}. */
final class RecordFactory {

    private static final int MAX_TEXT = 256;

    private final RecordIds ids;
    private final Timestamps clock;
    private final long pid;
    private final String host;
    private final CostConfig costs;
    private final SuppressedErrors errors;
    /** The process's labels, on every record; null when none. */
    private final JoinFields labels;
    /** Gap scratch per thread: ITL percentiles sort the gaps without allocating per call. */
    private final ThreadLocal<long[]> gaps = ThreadLocal.withInitial(() -> new long[256]);

    RecordFactory(RecordIds ids, Timestamps clock, long pid, String host, CostConfig costs, SuppressedErrors errors) {
        this(ids, clock, pid, host, costs, null, errors);
    }

    RecordFactory(RecordIds ids, Timestamps clock, long pid, String host, CostConfig costs, JoinFields labels,
            SuppressedErrors errors) {
        this.labels = labels;
        this.costs = costs;
        this.errors = errors;
        this.ids = ids;
        this.clock = clock;
        this.pid = pid;
        this.host = host;
    }

    TelemetryRecord create(Site site, CallTimeline t, GpuFields gpu) {
        return create(site, t, gpu, Exit.of(t.exit()));
    }

    TelemetryRecord create(Site site, CallTimeline t, GpuFields gpu, Exit exit) {
        long start = t.startNanos;
        int n = t.chunkCount();
        Double ttft = n > 0 ? ms(t.chunkNanos(0) - start) : null;
        ItlSummary itl = null;
        GapHistogram hist = null;
        if (n > 1) {
            long[] g = gaps.get();
            if (g.length < n - 1) {
                g = new long[Integer.highestOneBit(n - 1) << 1];
                gaps.set(g);
            }
            for (int i = 1; i < n; i++) {
                g[i - 1] = t.chunkNanos(i) - t.chunkNanos(i - 1);
            }
            itl = ItlSummary.ofGapsNanos(g, n - 1);
            // the summary sorted the gaps: the histogram is one pass over them, at the end of the call
            hist = GapHistogram.ofSortedNanos(g, n - 1);
        }
        Object[] v = t.values;
        Long tokensIn = number(v[Site.TOKENS_IN]);
        Long tokensOut = number(v[Site.TOKENS_OUT]);
        TelemetryRecord.TokensSource source = null;
        if (tokensOut != null) {
            source = TelemetryRecord.TokensSource.USAGE;
        } else if (site.streamed() && n > 0) {
            tokensOut = (long) n;
            source = TelemetryRecord.TokensSource.CHUNKS;
        }
        Throwable error = t.error();
        SiteInfo info = site.info();
        String model = text(v[Site.MODEL]);
        Double cost = costs.tokenCost(model, tokensIn, tokensOut);
        Double energyCost = costs.energyCost(gpu == null ? null : gpu.energyJ());
        return new TelemetryRecord(ids.process(), ids.nextSequence(), clock.epochMicros(start), site.name(),
                info.engine(), v[Site.ENGINE_VERSION] != null ? (String) v[Site.ENGINE_VERSION] : info.engineVersion(),
                model, exit,
                error == null ? null : error instanceof StreamErrorEvent e ? e.type() : error.getClass().getName(), ttft, ms(t.endNanos() - start), n, itl,
                tokensIn, tokensOut, source, text(v[Site.FINISH_REASON]), text(v[Site.TENANT]),
                (String) v[Site.THREAD], pid, host, gpu, hist, cost, energyCost,
                cost == null && energyCost == null ? null : costs.currency(), joins(v));
    }

    /** The process's labels, with the span current at the call's start when there was a valid one. */
    private JoinFields joins(Object[] v) {
        String[] ids = v[Site.SPAN_API] instanceof CurrentSpan.Api api ? api.ids(v[Site.SPAN]) : null;
        if (ids == null) {
            return labels;
        }
        return labels == null ? new JoinFields(ids[0], ids[1], null, null) : labels.withSpan(ids[0], ids[1]);
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    /**
     * A value read from the call as text (an application object's {@code toString()}, which may fail or
     * return null: then the field is absent, the call is still recorded, and the failure is counted).
     */
    String text(Object value) {
        if (value == null) {
            return null;
        }
        String s;
        try {
            s = value instanceof Enum<?> e ? e.name() : value.toString();
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            errors.add("value-text", e);
            return null;
        }
        if (s == null) {
            return null;
        }
        return s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) : s;
    }

    private static Long number(Object value) {
        if (value instanceof Number num) {
            return num.longValue();
        }
        if (value instanceof CharSequence s) {
            try {
                return Long.parseLong(s.toString().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
