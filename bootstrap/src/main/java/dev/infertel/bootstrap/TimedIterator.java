package dev.infertel.bootstrap;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * A returned {@link Iterator} whose elements are chunks; exhaustion ends the call, close cancels it. An
 * element is stamped when it is handed out and read (value paths, chunk filter) at the next call on the
 * iterator, so the agent's reading never sits between its arrival and the caller's code.
 */
public final class TimedIterator<T> implements Iterator<T>, AutoCloseable {

    private final Iterator<T> delegate;
    private final CallTimeline timeline;
    /** The element last handed out, not yet read by the agent. */
    private Object unread;
    private boolean hasUnread;

    public TimedIterator(Iterator<T> delegate, CallTimeline timeline) {
        this.delegate = delegate;
        this.timeline = timeline;
    }

    @Override
    public boolean hasNext() {
        readHandedOut();
        boolean more;
        try {
            more = delegate.hasNext();
        } catch (RuntimeException | Error e) {
            timeline.fail(e);
            throw e;
        }
        if (!more) {
            timeline.complete();
        }
        return more;
    }

    @Override
    public T next() {
        readHandedOut();
        T element;
        try {
            element = delegate.next();
        } catch (NoSuchElementException e) {
            timeline.complete();
            throw e;
        } catch (RuntimeException | Error e) {
            timeline.fail(e);
            throw e;
        }
        timeline.chunk();
        unread = element;
        hasUnread = true;
        return element;
    }

    private void readHandedOut() {
        if (hasUnread) {
            Object element = unread;
            unread = null;
            hasUnread = false;
            timeline.inspect(element);
        }
    }

    @Override
    public void remove() {
        delegate.remove();
    }

    @Override
    public void forEachRemaining(Consumer<? super T> action) {
        while (hasNext()) {
            action.accept(next());
        }
    }

    @Override
    public void close() throws Exception {
        readHandedOut();
        try {
            if (delegate instanceof AutoCloseable) {
                ((AutoCloseable) delegate).close();
            }
        } finally {
            timeline.cancelIfOpen();
        }
    }
}
