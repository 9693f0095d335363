package dev.infertel.agent.runtime;

import dev.infertel.agent.log.AgentLog;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every Throwable the agent swallows so that the application never sees it, counted by kind (where it
 * happened and its class): the first of each kind is logged with its stack, the rest only counted, so an
 * agent bug shows in the log, in {@code status} and in the metrics without flooding either.
 */
public final class SuppressedErrors {

    /** Beyond this many kinds, new ones are counted together: a bug with varying messages stays bounded. */
    static final int MAX_KINDS = 64;
    static final String OTHER = "other";

    private final AgentLog log;
    private final ConcurrentHashMap<String, LongAdder> byKind = new ConcurrentHashMap<>();

    public SuppressedErrors(AgentLog log) {
        this.log = log;
    }

    /** {@code t} was swallowed at {@code where} (a bridge method, or a job of the agent's own threads). */
    public void add(String where, Throwable t) {
        String kind = where + " " + t.getClass().getName();
        LongAdder count = byKind.get(kind);
        if (count == null) {
            if (byKind.size() >= MAX_KINDS) {
                kind = OTHER;
            }
            LongAdder fresh = new LongAdder();
            count = byKind.putIfAbsent(kind, fresh);
            if (count == null) {
                count = fresh;
                log.warn("agent error swallowed at " + where + " (counted from now on; the application is not"
                        + " affected; please report it): " + t, t);
            }
        }
        count.increment();
    }

    public long total() {
        long n = 0;
        for (LongAdder a : byKind.values()) {
            n += a.sum();
        }
        return n;
    }

    /** Count per kind, sorted by kind. */
    public Map<String, Long> byKind() {
        Map<String, Long> out = new TreeMap<>();
        byKind.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
