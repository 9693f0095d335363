package dev.infertel.bootstrap;

/**
 * The only door between instrumented code and the agent: the code the agent weaves into application
 * classes calls these static methods; every one of them is a no-op until the agent installs a {@link Recorder},
 * and none of them lets an exception of ours reach the application.
 */
public final class Bridge {

    /** The one piece of static mutable state the advice needs. */
    private static volatile Recorder recorder;

    private Bridge() {
    }

    public static void install(Recorder r) {
        recorder = r;
    }

    public static void uninstall() {
        recorder = null;
    }

    static Recorder recorder() {
        return recorder;
    }

    /** Tells the agent that it swallowed {@code t} at {@code where}, so that it is counted (never thrown on). */
    static void suppressed(Recorder r, String where, Throwable t) {
        try {
            r.suppressed(where, t);
        } catch (Throwable ignored) {
            // the counter itself failed: nothing more can be done without risking the application
        }
    }

    public static CallTimeline enter(int siteId, Object self, Object[] args) {
        Recorder r = recorder;
        if (r == null) {
            return null;
        }
        try {
            return r.begin(siteId, self, args);
        } catch (Throwable e) {
            suppressed(r, "enter", e);
            return null;
        }
    }

    /** Method exit for sites whose record ends with the method (plain) or whose end comes later. */
    public static void exit(CallTimeline t, Object result, Throwable thrown) {
        if (t == null) {
            return;
        }
        Recorder r = recorder;
        if (r == null) {
            return;
        }
        try {
            r.methodExit(t, result, thrown);
        } catch (Throwable e) {
            suppressed(r, "exit", e);
            // never into the application
        }
    }

    /** Method exit for sites that return a stream of chunks: returns what the caller receives. */
    public static Object exitWrapping(CallTimeline t, Object result, Throwable thrown) {
        if (t == null) {
            return result;
        }
        Recorder r = recorder;
        if (r == null) {
            return result;
        }
        try {
            r.methodExit(t, result, thrown);
            if (thrown != null || result == null || t.isEnded()) {
                return result;
            }
            return r.wrapResult(t, result);
        } catch (Throwable e) {
            suppressed(r, "exitWrapping", e);
            return result;
        }
    }

    /**
     * Exit of {@code iterator()} on a woven {@code iterable_class}: when {@code handle} carries an open call,
     * returns a timed iterator in place of {@code iterator}.
     */
    public static Object iterableIterator(Object handle, Object iterator) {
        Recorder r = recorder;
        if (r == null || iterator == null) {
            return iterator;
        }
        try {
            return r.iterableIterator(handle, iterator);
        } catch (Throwable e) {
            suppressed(r, "iterableIterator", e);
            return iterator;
        }
    }

    /** Exit of {@code close()} on a woven {@code iterable_class}: a call not read to its end is cancelled. */
    public static void iterableClosed(Object handle) {
        Recorder r = recorder;
        if (r == null) {
            return;
        }
        try {
            r.iterableClosed(handle);
        } catch (Throwable e) {
            suppressed(r, "iterableClosed", e);
            // never into the application
        }
    }

    /** Method entry for callback sites: swaps the callback argument for a tap. */
    public static Object[] tapCallback(CallTimeline t, Class<?> origin, Object[] args) {
        if (t == null) {
            return args;
        }
        Recorder r = recorder;
        if (r == null) {
            return args;
        }
        try {
            return r.tapCallback(t, origin, args);
        } catch (Throwable e) {
            suppressed(r, "tapCallback", e);
            return args;
        }
    }
}
