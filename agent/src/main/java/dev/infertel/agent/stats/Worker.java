package dev.infertel.agent.stats;

import dev.infertel.agent.record.FlatRecord;
import java.util.List;
import java.util.Map;

/**
 * One reading thread's share of a pass: de-duplicates (against ids all threads share), filters by
 * time, groups, and either plans the exclusion (first pass) or aggregates (second pass) into its own
 * groups, which are merged with the other threads' at the end.
 */
final class Worker implements RecordSource.Sink {

    enum Pass { PLAN, AGGREGATE }

    private final StatsQuery query;
    private final Pass pass;
    private final SeenIds.Cursor seen;
    private final GroupState.Settings settings;
    private final Map<List<String>, StartKey> cuts;
    private final List<Dimension> secondaryBy;
    private final Dimension.GpuLabels labels = new Dimension.GpuLabels();
    private final String[] key;
    private final String[] secondaryKey;
    final GroupTable groups = new GroupTable();
    final GroupTable secondary = new GroupTable();
    long read;
    long duplicates;
    long outOfRange;

    /**
     * @param cuts per group, the first kept call (from the first pass); null when nothing is left out
     * @param secondaryBy a second grouping of the kept calls (the report's model x GPU), or null
     */
    Worker(StatsQuery query, Pass pass, SeenIds seenIds, GroupState.Settings settings, Map<List<String>, StartKey> cuts,
           List<Dimension> secondaryBy) {
        this.query = query;
        this.pass = pass;
        this.seen = seenIds.cursor();
        this.settings = settings.copy();
        this.cuts = cuts;
        this.secondaryBy = secondaryBy;
        this.key = new String[query.by().size()];
        this.secondaryKey = secondaryBy == null ? null : new String[secondaryBy.size()];
    }

    @Override
    public void accept(FlatRecord r) {
        if (!seen.firstTime(r.idProcess, r.idSequence)) {
            duplicates++;
            return;
        }
        read++;
        if (!query.inRange(r.startEpochMicros)) {
            outOfRange++;
            return;
        }
        List<Dimension> by = query.by();
        for (int i = 0; i < key.length; i++) {
            key[i] = by.get(i).of(r, labels);
        }
        GroupTable.Slot slot = groups.find(key);
        if (slot == null) {
            slot = groups.add(key);
            if (pass == Pass.PLAN) {
                slot.plan = query.exclusion().plan();
            } else {
                slot.state = new GroupState(slot.key, settings);
                slot.cut = cuts == null ? null : cuts.get(slot.key);
            }
        }
        if (pass == Pass.PLAN) {
            slot.plan.offer(r);
            return;
        }
        if (slot.cut != null && slot.cut.isAfter(r.startEpochMicros, r.idProcess, r.idSequence)) {
            slot.state.excluded++;
            return;
        }
        slot.state.add(r, settings);
        if (secondaryKey != null) {
            for (int i = 0; i < secondaryKey.length; i++) {
                secondaryKey[i] = secondaryBy.get(i).of(r, labels);
            }
            GroupTable.Slot s2 = secondary.find(secondaryKey);
            if (s2 == null) {
                s2 = secondary.add(secondaryKey);
                s2.state = new GroupState(s2.key, settings);
            }
            s2.state.add(r, settings);
        }
    }
}
