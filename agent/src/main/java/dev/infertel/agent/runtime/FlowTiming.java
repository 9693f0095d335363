package dev.infertel.agent.runtime;

import dev.infertel.bootstrap.CallTimeline;
import java.util.concurrent.Flow;

/**
 * A {@link Flow.Publisher} whose every subscription is timed: onNext is a chunk, onComplete, onError
 * and cancel end the subscription's record. Nothing is allocated per element.
 */
final class FlowTiming<T> implements Flow.Publisher<T> {

    private final Flow.Publisher<T> source;
    private final SubscriptionTimelines timelines;

    FlowTiming(Flow.Publisher<T> source, SubscriptionTimelines timelines) {
        this.source = source;
        this.timelines = timelines;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        CallTimeline t = timelines.next();
        if (t == null) {
            source.subscribe(subscriber);
            return;
        }
        timelines.enter(t);
        try {
            source.subscribe(new TimedSubscriber<>(subscriber, t));
        } finally {
            timelines.leave(t);
        }
    }

    private static final class TimedSubscriber<T> implements Flow.Subscriber<T>, Flow.Subscription {
        private final Flow.Subscriber<? super T> downstream;
        private final CallTimeline timeline;
        private Flow.Subscription upstream;

        TimedSubscriber(Flow.Subscriber<? super T> downstream, CallTimeline timeline) {
            this.downstream = downstream;
            this.timeline = timeline;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            upstream = subscription;
            downstream.onSubscribe(this);
        }

        @Override
        public void onNext(T item) {
            timeline.chunk();
            downstream.onNext(item);
            timeline.inspect(item); // once the subscriber has it: the reading never delays the item
        }

        @Override
        public void onError(Throwable error) {
            timeline.fail(error);
            downstream.onError(error);
        }

        @Override
        public void onComplete() {
            timeline.complete();
            downstream.onComplete();
        }

        @Override
        public void request(long n) {
            upstream.request(n);
        }

        @Override
        public void cancel() {
            timeline.cancelIfOpen();
            upstream.cancel();
        }
    }
}
