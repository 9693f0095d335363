package dev.infertel.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every Throwable of the agent's that the bridge swallows is handed to the recorder to be counted. */
class BridgeSuppressedTest {

    private final List<String> suppressed = new ArrayList<>();

    /** A recorder whose every method fails, as an agent bug would. */
    private class FailingRecorder implements Recorder {
        public CallTimeline begin(int siteId, Object self, Object[] args) {
            throw new IllegalStateException("begin");
        }

        public void methodExit(CallTimeline t, Object result, Throwable thrown) {
            throw new IllegalStateException("exit");
        }

        public Object wrapResult(CallTimeline t, Object result) {
            throw new IllegalStateException("wrap");
        }

        public Object[] tapCallback(CallTimeline t, Class<?> origin, Object[] args) {
            throw new NoSuchMethodError("tap");
        }

        public boolean element(CallTimeline t, Object element) {
            throw new ClassCastException("element");
        }

        public void record(CallTimeline t) {
            throw new ArrayIndexOutOfBoundsException("record");
        }

        public void suppressed(String where, Throwable t) {
            suppressed.add(where + ":" + t.getClass().getSimpleName());
        }
    }

    @AfterEach
    void uninstall() {
        Bridge.uninstall();
    }

    @Test
    void everySwallowedThrowableIsReportedWithWhereItHappened() {
        Bridge.install(new FailingRecorder());
        Object[] args = {"x"};
        CallTimeline t = new CallTimeline(0, System.nanoTime(), new Object[0], true, false);

        assertNull(Bridge.enter(0, null, args));
        Bridge.exit(t, "r", null);
        assertSame(args, Bridge.tapCallback(t, Object.class, args));
        t.chunk("element");
        t.complete();

        assertEquals(List.of("enter:IllegalStateException", "exit:IllegalStateException",
                "tapCallback:NoSuchMethodError", "chunk:ClassCastException", "finish:ArrayIndexOutOfBoundsException"),
                suppressed);
        assertEquals(1, t.chunkCount(), "a failing element read keeps the chunk");
        assertTrue(t.isEnded());
    }

    @Test
    void aFailingCounterIsSwallowedToo() {
        Bridge.install(new FailingRecorder() {
            @Override
            public void suppressed(String where, Throwable t) {
                throw new OutOfMemoryError("counting");
            }
        });
        assertNull(Bridge.enter(0, null, new Object[0]));
        Object result = new Object();
        assertSame(result, Bridge.exitWrapping(new CallTimeline(0, 0, new Object[0]), result, null));
    }
}
