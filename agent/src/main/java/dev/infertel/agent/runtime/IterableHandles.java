package dev.infertel.agent.runtime;

import dev.infertel.bootstrap.CallTimeline;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The open calls whose chunks flow through a returned handle of a woven class ({@code iterable_class}):
 * handle to timeline, by identity, held weakly, so a handle the application drops unread takes its entry
 * with it. Touched per call (attach, {@code iterator()}, {@code close()}), never per chunk.
 */
final class IterableHandles {

    private final ConcurrentHashMap<Key, CallTimeline> open = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();

    private record Pending(CompletableFuture<?> future, CallTimeline timeline, String className) {
    }

    /** Whether {@code handle} is of {@code className} (or a subclass): then its iterator() times {@code t}. */
    boolean attach(Object handle, CallTimeline t, String className) {
        if (handle == null || !isA(handle.getClass(), className)) {
            return false;
        }
        purge();
        open.put(new Key(handle, collected), t);
        return true;
    }

    /**
     * A returned future whose value will be the handle: its completion action attaches it, but a caller
     * woken by the completion may ask for the iterator first, so until then the future is looked at too.
     */
    void expect(CompletableFuture<?> future, CallTimeline t, String className) {
        pending.add(new Pending(future, t, className));
    }

    /** The future's completion action ran: it is no longer looked at. */
    void settled(CompletableFuture<?> future) {
        pending.removeIf(p -> p.future() == future);
    }

    CallTimeline get(Object handle) {
        CallTimeline t = open.isEmpty() ? null : open.get(new Key(handle, null));
        return t != null || pending.isEmpty() ? t : fromPending(handle);
    }

    private CallTimeline fromPending(Object handle) {
        for (Pending p : pending) {
            if (p.future().isDone() && !p.future().isCompletedExceptionally() && p.future().getNow(null) == handle
                    && attach(handle, p.timeline(), p.className())) {
                return p.timeline();
            }
        }
        return null;
    }

    CallTimeline remove(Object handle) {
        return open.isEmpty() ? null : open.remove(new Key(handle, null));
    }

    private void purge() {
        for (Object k; (k = collected.poll()) != null; ) {
            open.remove(k);
        }
    }

    private static boolean isA(Class<?> type, String className) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(className)) {
                return true;
            }
        }
        return false;
    }

    /** Identity of a handle, without keeping it alive. */
    private static final class Key extends WeakReference<Object> {
        private final int hash;

        Key(Object handle, ReferenceQueue<Object> queue) {
            super(handle, queue);
            this.hash = System.identityHashCode(handle);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (this == other) {
                return true;
            }
            if (!(other instanceof Key k)) {
                return false;
            }
            Object mine = get();
            return mine != null && mine == k.get();
        }
    }
}
