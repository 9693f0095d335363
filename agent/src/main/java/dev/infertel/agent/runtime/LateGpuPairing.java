package dev.infertel.agent.runtime;

import dev.infertel.agent.record.GpuFields;

/**
 * A pairing that starts as {@link GpuPairing#NONE} and becomes the real one once NVML has been
 * opened in the background: loading the driver library and initialising NVML can take hundreds of
 * milliseconds, which the application's start should not wait for. Calls that began before are
 * paired by the recorder thread once it is ready ({@link #ready}): from their start, so their window
 * reaches back before the first sample and their record says {@code gpu_window_truncated: true}.
 */
public final class LateGpuPairing implements GpuPairing {

    private volatile GpuPairing delegate = NONE;
    private volatile boolean closed;

    /** Installs the opened pairing; closes it at once if this one was closed meanwhile. */
    public void set(GpuPairing opened) {
        delegate = opened;
        if (closed) {
            opened.close();
        }
    }

    @Override
    public boolean ready() {
        return delegate.ready();
    }

    @Override
    public long begin(long startNanos) {
        return delegate.begin(startNanos);
    }

    @Override
    public GpuFields end(long token, long startNanos, long firstTokenNanos, long endNanos) {
        // token 0: the call began before the GPU was ready, or there is none
        return token == 0 ? null : delegate.end(token, startNanos, firstTokenNanos, endNanos);
    }

    @Override
    public void close() {
        closed = true;
        delegate.close();
    }
}
