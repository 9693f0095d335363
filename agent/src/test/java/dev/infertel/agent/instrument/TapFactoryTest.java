package dev.infertel.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infertel.agent.config.StreamConfig;
import dev.infertel.bootstrap.Bridge;
import dev.infertel.bootstrap.CallTimeline;
import dev.infertel.bootstrap.Recorder;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Generated taps: every method forwarded unchanged, the configured ones reported to the timeline. */
class TapFactoryTest {

    /** A callback with every shape a tap meets: values returned, wide arguments, a default method. */
    public interface Handler {
        boolean onToken(String token, long index);

        void onDone(int total, double seconds);

        void onError(Throwable error);

        String describe();

        default String greet(String who) {
            return "hello " + who;
        }
    }

    static final class Recording implements Handler {
        final List<String> seen = new ArrayList<>();

        @Override
        public boolean onToken(String token, long index) {
            seen.add(token + "@" + index);
            if (token.equals("bad")) {
                throw new IllegalStateException("the application's own failure");
            }
            return index % 2 == 0;
        }

        @Override
        public void onDone(int total, double seconds) {
            seen.add("done " + total + " " + seconds);
        }

        @Override
        public void onError(Throwable error) {
            seen.add("error " + error.getMessage());
        }

        @Override
        public String describe() {
            return "recording";
        }
    }

    /** Takes what the timeline passes on: the elements read and the completion's arguments. */
    static final class Reported implements Recorder {
        final List<Object> inspected = new ArrayList<>();
        Object[] completed;
        boolean throwOnElement;

        @Override
        public CallTimeline begin(int siteId, Object self, Object[] args) {
            return null;
        }

        @Override
        public void methodExit(CallTimeline timeline, Object result, Throwable thrown) {
        }

        @Override
        public Object wrapResult(CallTimeline timeline, Object result) {
            return result;
        }

        @Override
        public Object[] tapCallback(CallTimeline timeline, Class<?> origin, Object[] args) {
            return args;
        }

        @Override
        public boolean element(CallTimeline timeline, Object element) {
            if (throwOnElement) {
                throw new IllegalStateException("ours");
            }
            inspected.add(element);
            return true;
        }

        @Override
        public void completion(CallTimeline timeline, Object[] args) {
            completed = args;
        }

        @Override
        public void record(CallTimeline timeline) {
        }
    }

    private final Reported reported = new Reported();

    @BeforeEach
    void install() {
        Bridge.install(reported);
    }

    @AfterEach
    void uninstall() {
        Bridge.uninstall();
    }

    private static CallTimeline timeline() {
        return new CallTimeline(0, System.nanoTime(), new Object[0], true, true);
    }

    private static Handler tap(Recording inner, CallTimeline timeline, boolean elements) throws Throwable {
        StreamConfig stream = new StreamConfig(0, List.of("onToken"), List.of("onDone"), List.of("onError"), null);
        MethodHandle factory = new TapFactory().create(TapFactoryTest.class, Handler.class, stream, elements);
        return (Handler) factory.invoke((Object) inner, (CallTimeline) timeline);
    }

    @Test
    void chunksAndCompleteAreReportedAndEverythingIsForwarded() throws Throwable {
        Recording inner = new Recording();
        CallTimeline timeline = timeline();
        Handler tap = tap(inner, timeline, false);

        assertTrue(tap.onToken("a", 0));
        assertEquals(false, tap.onToken("b", 1L << 40 | 1));
        tap.onDone(2, 0.5);

        assertEquals(List.of("a@0", "b@" + (1L << 40 | 1), "done 2 0.5"), inner.seen);
        assertEquals(2, timeline.chunkCount());
        assertEquals(List.of(), reported.inspected, "elements are read only when the site asks");
        assertEquals(List.of(2, 0.5), List.of(reported.completed));
        assertEquals(CallTimeline.OK, timeline.exit());
        assertEquals("recording", tap.describe());
        assertEquals("hello you", tap.greet("you"));
        assertTrue(tap.getClass().getName().contains("$$TelemetryTap$"));
    }

    @Test
    void anErrorMethodEndsTheCallWithItsArgument() throws Throwable {
        Recording inner = new Recording();
        CallTimeline timeline = timeline();
        RuntimeException cause = new RuntimeException("x");
        tap(inner, timeline, false).onError(cause);
        assertEquals(List.of("error x"), inner.seen);
        assertEquals(CallTimeline.ERROR, timeline.exit());
        assertSame(cause, timeline.error());
    }

    @Test
    void elementsAreReadAfterTheCallbackHadThemAndItsResultIsKept() throws Throwable {
        CallTimeline timeline = timeline();
        Handler tap = tap(new Recording(), timeline, true);

        assertTrue(tap.onToken("a", 2));
        assertEquals(List.of("a"), reported.inspected);
        assertEquals(1, timeline.chunkCount());
    }

    @Test
    void theCallbacksOwnExceptionReachesTheLibraryUnchanged() throws Throwable {
        Handler tap = tap(new Recording(), timeline(), true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> tap.onToken("bad", 0));
        assertEquals("the application's own failure", e.getMessage());
    }

    @Test
    void ourFailureWhileReadingAnElementNeverReachesTheLibrary() throws Throwable {
        reported.throwOnElement = true;
        Recording inner = new Recording();
        CallTimeline timeline = timeline();
        Handler tap = tap(inner, timeline, true);
        assertTrue(tap.onToken("a", 0));
        assertEquals(List.of("a@0"), inner.seen);
        assertEquals(1, timeline.chunkCount());
    }
}
