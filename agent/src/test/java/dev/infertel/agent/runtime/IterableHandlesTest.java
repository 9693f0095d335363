package dev.infertel.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infertel.bootstrap.CallTimeline;
import org.junit.jupiter.api.Test;

/** Handles of an iterable_class carry their call by identity, for instances of that class only. */
class IterableHandlesTest {

    /** Equal to every other instance: a handle's own equals must not mix calls up. */
    static class Handle {
        @Override
        public boolean equals(Object o) {
            return o instanceof Handle;
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }

    static final class SubHandle extends Handle {
    }

    final IterableHandles handles = new IterableHandles();

    @Test
    void eachHandleCarriesItsOwnCall() {
        CallTimeline a = new CallTimeline(0, 1, new Object[1]);
        CallTimeline b = new CallTimeline(0, 2, new Object[1]);
        Handle first = new Handle();
        Handle second = new SubHandle();
        assertTrue(handles.attach(first, a, Handle.class.getName()));
        assertTrue(handles.attach(second, b, Handle.class.getName()));
        assertSame(a, handles.get(first));
        assertSame(b, handles.get(second));
        assertNull(handles.get(new Handle()));
        assertSame(a, handles.remove(first));
        assertNull(handles.get(first));
        assertSame(b, handles.get(second));
    }

    @Test
    void aHandleAskedForBeforeItsFuturesCompletionActionRanIsFound() {
        CallTimeline t = new CallTimeline(0, 1, new Object[1]);
        java.util.concurrent.CompletableFuture<Object> future = new java.util.concurrent.CompletableFuture<>();
        handles.expect(future, t, Handle.class.getName());
        Handle handle = new Handle();
        assertNull(handles.get(handle));
        future.complete(handle);
        // the caller woken by complete() may call iterator() before the completion action attached the handle
        assertSame(t, handles.get(handle));
        handles.settled(future);
        assertSame(t, handles.get(handle));
        assertNull(handles.get(new Handle()));
    }

    @Test
    void anObjectOfAnotherClassIsNoHandle() {
        assertFalse(handles.attach("not a handle", new CallTimeline(0, 1, new Object[1]), Handle.class.getName()));
        assertFalse(handles.attach(null, new CallTimeline(0, 1, new Object[1]), Handle.class.getName()));
    }
}
