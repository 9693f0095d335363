package dev.infertel.agent.instrument.woven;

import java.util.Iterator;
import java.util.List;

/** Methods of every shape the weaver meets; the test loads a woven copy of this class. */
public class WeaveTarget {

    /** A callback of the kind a streaming client takes. */
    public interface Listener {
        void onToken(String token);

        void onDone();
    }

    private int seen;

    public String complete(String model, int n, long big, double scale) {
        String out = model;
        for (int i = 0; i < n; i++) { // a loop: stack map frames inside the body
            out = out + i;
        }
        return out + ":" + big + ":" + scale;
    }

    /** A loop whose head is the method's first instruction: a branch back to offset 0 (and its frame). */
    public int countUp(int limit) {
        do {
            seen++;
        } while (seen < limit);
        return seen;
    }

    public static int add(int a, int b) {
        return a + b;
    }

    public long twice(long x) {
        return x * 2;
    }

    public double half(double x) {
        return x / 2;
    }

    public boolean not(boolean b) {
        return !b;
    }

    public char same(char c) {
        return c;
    }

    public void remember(String s) {
        if (s == null) {
            return;
        }
        seen = s.length();
    }

    public int seen() {
        return seen;
    }

    public String fail(String message) {
        throw new IllegalStateException(message);
    }

    public String recover(String message) {
        try {
            if (message.isEmpty()) {
                return "empty";
            }
            throw new IllegalArgumentException(message);
        } catch (IllegalArgumentException e) {
            return "caught " + e.getMessage();
        }
    }

    public String reuse(Object value, long wide) {
        value = String.valueOf(value) + wide; // the parameter's slot written by the method itself
        long local = wide + 1;
        return value + "/" + local;
    }

    public Iterator<String> iterate(String model) {
        return List.of(model, "b").iterator();
    }

    public void stream(String model, Listener listener) {
        listener.onToken(model);
        listener.onDone();
    }
}
