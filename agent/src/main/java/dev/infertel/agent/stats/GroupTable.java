package dev.infertel.agent.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One reading thread's groups by key (the --by values), found without building a key object per
 * record: open addressing over the values' hash codes, equal strings being mostly the same instance
 * (the readers cache them). Not thread-safe.
 */
final class GroupTable {

    /** What a group holds in one pass. */
    static final class Slot {
        final List<String> key;
        GroupState state;
        ExclusionPlan plan;
        /** Calls before this key are left out (second pass); null = none. */
        StartKey cut;

        Slot(List<String> key) {
            this.key = key;
        }
    }

    private String[][] keys = new String[64][];
    private Slot[] slots = new Slot[64];
    private final List<Slot> all = new ArrayList<>();

    /** The slot of {@code key} (not kept: copied when the group is new), and whether it is new. */
    Slot find(String[] key) {
        int h = 1;
        for (String k : key) {
            h = 31 * h + k.hashCode();
        }
        int mask = keys.length - 1;
        int i = (h ^ (h >>> 16)) & mask;
        while (keys[i] != null) {
            if (same(keys[i], key)) {
                return slots[i];
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    Slot add(String[] key) {
        if ((all.size() + 1) * 2 > keys.length) {
            rehash();
        }
        String[] copy = key.clone();
        Slot s = new Slot(List.of(copy));
        put(copy, s);
        all.add(s);
        return s;
    }

    List<Slot> slots() {
        return all;
    }

    private void put(String[] key, Slot s) {
        int h = 1;
        for (String k : key) {
            h = 31 * h + k.hashCode();
        }
        int mask = keys.length - 1;
        int i = (h ^ (h >>> 16)) & mask;
        while (keys[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        slots[i] = s;
    }

    private void rehash() {
        String[][] oldKeys = keys;
        Slot[] oldSlots = slots;
        keys = new String[oldKeys.length * 2][];
        slots = new Slot[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                put(oldKeys[i], oldSlots[i]);
            }
        }
    }

    private static boolean same(String[] a, String[] b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i] && !a[i].equals(b[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "GroupTable" + Arrays.toString(all.stream().map(s -> s.key).toArray());
    }
}
