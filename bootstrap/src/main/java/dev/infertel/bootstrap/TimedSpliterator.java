package dev.infertel.bootstrap;

import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Source of a returned {@link Stream}: each element that reaches the pipeline is a chunk, exhaustion
 * ends the call, closing the stream first cancels it. Reuses itself as the per-element consumer so an
 * element costs no allocation.
 */
public final class TimedSpliterator<T> implements Spliterator<T>, Consumer<T> {

    private final Spliterator<T> delegate;
    private final CallTimeline timeline;
    private Consumer<? super T> downstream;

    private TimedSpliterator(Spliterator<T> delegate, CallTimeline timeline) {
        this.delegate = delegate;
        this.timeline = timeline;
    }

    /** A stream that behaves as {@code source} does and reports its elements to {@code timeline}. */
    public static <T> Stream<T> wrap(Stream<T> source, CallTimeline timeline) {
        TimedSpliterator<T> split = new TimedSpliterator<>(source.spliterator(), timeline);
        return StreamSupport.stream(split, false)
                .onClose(source::close)
                .onClose(timeline::cancelIfOpen);
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
        downstream = action;
        boolean advanced;
        try {
            advanced = delegate.tryAdvance(this);
        } catch (RuntimeException | Error e) {
            timeline.fail(e);
            throw e;
        }
        if (!advanced) {
            timeline.complete();
        }
        return advanced;
    }

    @Override
    public void accept(T element) {
        timeline.chunk();
        downstream.accept(element);
        timeline.inspect(element);
    }

    @Override
    public Spliterator<T> trySplit() {
        return null;
    }

    @Override
    public long estimateSize() {
        return delegate.estimateSize();
    }

    @Override
    public int characteristics() {
        return delegate.characteristics() & ~(Spliterator.SUBSIZED);
    }
}
