package dev.infertel.agent.record;

import dev.infertel.bootstrap.CallTimeline;

/** How a call ended. */
public enum Exit {
    OK, ERROR, CANCEL, REJECT;

    public String json() {
        return name().toLowerCase();
    }

    public static Exit of(int timelineExit) {
        return switch (timelineExit) {
            case CallTimeline.OK -> OK;
            case CallTimeline.ERROR -> ERROR;
            case CallTimeline.CANCEL -> CANCEL;
            case CallTimeline.REJECT -> REJECT;
            default -> throw new IllegalArgumentException("call has not ended: " + timelineExit);
        };
    }

    public static Exit parse(String json) {
        return valueOf(json.toUpperCase());
    }
}
