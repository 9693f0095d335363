package dev.infertel.agent.runtime;

import dev.infertel.bootstrap.CallTimeline;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The timelines of a returned publisher, one per subscription: the first subscription continues the
 * call's own timeline (started at method entry, so TTFT includes the request); each later one starts
 * a fresh timeline at subscribe time with the same entry values.
 */
final class SubscriptionTimelines {

    private final AtomicReference<CallTimeline> first;
    private final AgentRecorder recorder;
    private final CallTimeline template;

    SubscriptionTimelines(CallTimeline first, AgentRecorder recorder) {
        this.first = new AtomicReference<>(first);
        this.template = first;
        this.recorder = recorder;
    }

    CallTimeline next() {
        CallTimeline t = first.getAndSet(null);
        return t != null ? t : recorder.resubscribe(template);
    }

    /** The subscribing thread runs the source's subscription inside this call: nested calls are its own. */
    void enter(CallTimeline t) {
        recorder.markActive(t);
    }

    void leave(CallTimeline t) {
        recorder.clearActive(t);
    }
}
