package dev.infertel.bootstrap;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/** A returned {@link Iterator} whose elements are chunks; exhaustion ends the call, close cancels it. */
public final class TimedIterator<T> implements Iterator<T>, AutoCloseable {

    private final Iterator<T> delegate;
    private final CallTimeline timeline;

    public TimedIterator(Iterator<T> delegate, CallTimeline timeline) {
        this.delegate = delegate;
        this.timeline = timeline;
    }

    @Override
    public boolean hasNext() {
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
        timeline.chunk(element);
        return element;
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
        try {
            if (delegate instanceof AutoCloseable) {
                ((AutoCloseable) delegate).close();
            }
        } finally {
            timeline.cancelIfOpen();
        }
    }
}
