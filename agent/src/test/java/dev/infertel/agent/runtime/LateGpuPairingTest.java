package dev.infertel.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infertel.agent.record.GpuFields;
import java.util.List;
import org.junit.jupiter.api.Test;

class LateGpuPairingTest {

    private static final GpuFields FIELDS = new GpuFields("NVIDIA H100", 1, List.of("GPU-1"), 81559.0, 1024.0,
            250.0, 260.0, 87.0, 61.0, 12.5, "counter", 2.5, 10.0, 0, false);

    /** Hands out token 7 and answers it with {@link #FIELDS}. */
    private static final class Opened implements GpuPairing {
        boolean closed;

        @Override
        public long begin(long startNanos) {
            return 7;
        }

        @Override
        public GpuFields end(long token, long startNanos, long firstTokenNanos, long endNanos) {
            return token == 7 ? FIELDS : null;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void callsBeforeTheGpuIsOpenCarryNoFieldsAndLaterOnesDo() {
        LateGpuPairing late = new LateGpuPairing();
        long early = late.begin(1);
        late.set(new Opened());
        long later = late.begin(2);

        assertEquals(0, early);
        assertNull(late.end(early, 1, -1, 3), "a call begun before the GPU was open has nothing to pair");
        assertSame(FIELDS, late.end(later, 2, -1, 3));
    }

    @Test
    void aPairingOpenedAfterShutdownIsClosedAtOnce() {
        LateGpuPairing late = new LateGpuPairing();
        late.close();
        Opened opened = new Opened();
        late.set(opened);
        assertTrue(opened.closed);
    }
}
