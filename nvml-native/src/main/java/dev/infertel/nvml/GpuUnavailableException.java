package dev.infertel.nvml;

/** Why GPU telemetry is off; the message is the one line logged for the user. */
final class GpuUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    GpuUnavailableException(String message) {
        super(message, null, false, false);
    }
}
