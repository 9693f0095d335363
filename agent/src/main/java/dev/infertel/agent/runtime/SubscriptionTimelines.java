package dev.infertel.agent.runtime;

import dev.infertel.bootstrap.CallTimeline;

/**
 * The timelines of a returned publisher, one per subscription, each started when the subscription
 * is made: a cold publisher sends its request then, and an application may assemble a publisher long
 * before it subscribes (or never). The method call's own timeline only lends its entry values.
 */
final class SubscriptionTimelines {

    private final AgentRecorder recorder;
    private final CallTimeline template;

    SubscriptionTimelines(CallTimeline entry, AgentRecorder recorder) {
        this.template = entry;
        this.recorder = recorder;
    }

    CallTimeline next() {
        return recorder.resubscribe(template);
    }

    /** The subscribing thread runs the source's subscription inside this call: nested calls are its own. */
    void enter(CallTimeline t) {
        recorder.markActive(t);
    }

    void leave(CallTimeline t) {
        recorder.clearActive(t);
    }
}
