package dev.infertel.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CallTimelineTest {

    private final List<CallTimeline> recorded = new ArrayList<>();

    @BeforeEach
    void install() {
        Bridge.install(new Recorder() {
            public CallTimeline begin(int siteId, Object self, Object[] args) {
                return new CallTimeline(siteId, System.nanoTime(), new Object[0]);
            }

            public void methodExit(CallTimeline t, Object result, Throwable thrown) {
            }

            public Object wrapResult(CallTimeline t, Object result) {
                return result;
            }

            public Object[] tapCallback(CallTimeline t, Class<?> origin, Object[] args) {
                return args;
            }

            public void record(CallTimeline t) {
                recorded.add(t);
            }
        });
    }

    @AfterEach
    void uninstall() {
        Bridge.uninstall();
    }

    private static CallTimeline timeline() {
        return new CallTimeline(0, System.nanoTime(), new Object[0]);
    }

    @Test
    void onlyTheFirstEndCounts() {
        CallTimeline t = timeline();
        assertTrue(t.finish(CallTimeline.ERROR, new IllegalStateException()));
        t.complete();
        t.cancelIfOpen();
        assertEquals(CallTimeline.ERROR, t.exit());
        assertEquals(List.of(t), recorded);
    }

    @Test
    void chunksKeepOrderPastTheInitialCapacity() {
        CallTimeline t = timeline();
        for (int i = 0; i < 1000; i++) {
            t.chunk();
        }
        assertEquals(1000, t.chunkCount());
        for (int i = 1; i < 1000; i++) {
            assertTrue(t.chunkNanos(i) >= t.chunkNanos(i - 1));
        }
    }

    @Test
    void iteratorExhaustionCompletes() {
        CallTimeline t = timeline();
        Iterator<String> it = new TimedIterator<>(List.of("a", "b").iterator(), t);
        List<String> seen = new ArrayList<>();
        it.forEachRemaining(seen::add);
        assertEquals(List.of("a", "b"), seen);
        assertEquals(2, t.chunkCount());
        assertEquals(CallTimeline.OK, t.exit());
    }

    @Test
    void iteratorFailureIsAnErrorAndRethrown() {
        CallTimeline t = timeline();
        IllegalStateException boom = new IllegalStateException("boom");
        Iterator<String> failing = new Iterator<>() {
            public boolean hasNext() {
                throw boom;
            }

            public String next() {
                return "x";
            }
        };
        assertSame(boom, assertThrows(IllegalStateException.class, () -> new TimedIterator<>(failing, t).hasNext()));
        assertEquals(CallTimeline.ERROR, t.exit());
        assertSame(boom, t.error());
    }

    @Test
    void streamExhaustionCompletesAndEarlyCloseCancels() {
        CallTimeline full = timeline();
        assertEquals(List.of(1, 2, 3), TimedSpliterator.wrap(Stream.of(1, 2, 3), full).collect(Collectors.toList()));
        assertEquals(CallTimeline.OK, full.exit());
        assertEquals(3, full.chunkCount());

        CallTimeline early = timeline();
        try (Stream<Integer> s = TimedSpliterator.wrap(Stream.of(1, 2, 3), early)) {
            assertEquals(1, s.findFirst().orElseThrow());
        }
        assertEquals(CallTimeline.CANCEL, early.exit());
    }

    @Test
    void futureCompletionAndCancellation() {
        CallTimeline ok = timeline();
        CompletableFuture<String> f = new CompletableFuture<>();
        f.whenComplete(ok);
        assertFalse(ok.isEnded());
        f.complete("done");
        assertEquals(CallTimeline.OK, ok.exit());

        CallTimeline cancelled = timeline();
        CompletableFuture<String> g = new CompletableFuture<>();
        g.whenComplete(cancelled);
        g.cancel(true);
        assertEquals(CallTimeline.CANCEL, cancelled.exit());
    }
}
