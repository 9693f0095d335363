package dev.infertel.agent.runtime;

import dev.infertel.agent.record.GpuFields;

/** Pairs a call's window with the local GPUs' readings. {@link #NONE} where there is no GPU. */
public interface GpuPairing extends AutoCloseable {

    GpuPairing NONE = new GpuPairing() {
        @Override
        public long begin(long startNanos) {
            return 0;
        }

        @Override
        public GpuFields end(long token, long startNanos, long firstTokenNanos, long endNanos) {
            return null;
        }

        @Override
        public boolean ready() {
            return false;
        }

        @Override
        public void close() {
        }
    };

    /** Whether calls can be paired now (a pairing that opens late is not ready until it has). */
    default boolean ready() {
        return true;
    }

    /** A call starts; returns a token for {@link #end} (0 = nothing to pair). */
    long begin(long startNanos);

    /** The call ended; {@code firstTokenNanos} is -1 without chunks. Null when nothing is known. */
    GpuFields end(long token, long startNanos, long firstTokenNanos, long endNanos);

    @Override
    void close();
}
