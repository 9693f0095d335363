package dev.infertel.bootstrap;

/**
 * What the agent plugs into {@link Bridge}. Implemented inside the agent's own class loader; the
 * instrumented code only ever sees this interface and {@link CallTimeline}.
 */
public interface Recorder {

    /** A call to site {@code siteId} starts; returns null when this call is not recorded. */
    CallTimeline begin(int siteId, Object self, Object[] args);

    /** The instrumented method returned or threw (plain sites end here). */
    void methodExit(CallTimeline timeline, Object result, Throwable thrown);

    /** Wraps the returned iterator/stream/future/publisher so that its elements count as chunks. */
    Object wrapResult(CallTimeline timeline, Object result);

    /** Replaces the callback argument with a tap that reports chunks; returns the (possibly same) array. */
    Object[] tapCallback(CallTimeline timeline, Class<?> origin, Object[] args);

    /**
     * An element of a stream whose site reads elements: read the configured {@code chunk} values and
     * return whether the element counts as a chunk.
     */
    default boolean element(CallTimeline timeline, Object element) {
        return true;
    }

    /** The completion's arguments of a site that reads them ({@code complete_argN}, a future's value). */
    default void completion(CallTimeline timeline, Object[] args) {
    }

    /** {@code iterator()} of a handle of an {@code iterable_class} returned: the iterator the caller gets. */
    default Object iterableIterator(Object handle, Object iterator) {
        return iterator;
    }

    /** {@code close()} of a handle of an {@code iterable_class} returned. */
    default void iterableClosed(Object handle) {
    }

    /**
     * The bridge swallowed {@code t}, thrown inside the agent at {@code where} (a bridge method's name),
     * instead of letting it reach the application: count it, so an agent bug is visible.
     */
    default void suppressed(String where, Throwable t) {
    }

    /** The call ended: write its record. Called once per timeline. */
    void record(CallTimeline timeline);
}
