package dev.infertel.agent.record;

import dev.infertel.bootstrap.CallTimeline;

/** How a call ended. */
public enum Exit {
    OK, ERROR, CANCEL, REJECT,
    /** Still open after {@code stream.max_duration}: ended by the agent; counted with the errors. */
    TIMEOUT;

    public String json() {
        return name().toLowerCase();
    }

    public static Exit of(int timelineExit) {
        return switch (timelineExit) {
            case CallTimeline.OK -> OK;
            case CallTimeline.ERROR -> ERROR;
            case CallTimeline.CANCEL -> CANCEL;
            case CallTimeline.REJECT -> REJECT;
            case CallTimeline.TIMEOUT -> TIMEOUT;
            default -> throw new IllegalArgumentException("call has not ended: " + timelineExit);
        };
    }

    public static Exit parse(String json) {
        return valueOf(json.toUpperCase());
    }
}
