package dev.infertel.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent reads an element (value paths, chunk filter) after the caller has it, at the iterator's next
 * call, and the last one before the call ends: never between its arrival and the caller's code.
 */
class TimedIteratorTest {

    /** What happened, in order: "read X" by the agent, "caller X" by the application, "end". */
    private final List<String> events = new ArrayList<>();
    private final List<CallTimeline> recorded = new ArrayList<>();

    @BeforeEach
    void install() {
        Bridge.install(new Recorder() {
            public CallTimeline begin(int siteId, Object self, Object[] args) {
                return null;
            }

            public void methodExit(CallTimeline t, Object result, Throwable thrown) {
            }

            public Object wrapResult(CallTimeline t, Object result) {
                return result;
            }

            public Object[] tapCallback(CallTimeline t, Class<?> origin, Object[] args) {
                return args;
            }

            @Override
            public boolean element(CallTimeline t, Object element) {
                events.add("read " + element);
                return !element.equals("usage");
            }

            public void record(CallTimeline t) {
                events.add("end");
                recorded.add(t);
            }
        });
    }

    @AfterEach
    void uninstall() {
        Bridge.uninstall();
    }

    @Test
    void eachElementIsReadAfterTheCallerHadItAndTheLastBeforeTheEnd() {
        CallTimeline t = new CallTimeline(0, System.nanoTime(), new Object[0], true, false);
        Iterator<String> it = new TimedIterator<>(List.of("a", "b", "usage").iterator(), t);
        while (it.hasNext()) {
            events.add("caller " + it.next());
        }
        assertEquals(List.of("caller a", "read a", "caller b", "read b", "caller usage", "read usage", "end"), events);
        assertEquals(2, recorded.get(0).chunkCount());
        assertEquals(CallTimeline.OK, recorded.get(0).exit());
    }

    @Test
    void closingEarlyReadsTheElementHandedOutThenCancels() throws Exception {
        CallTimeline t = new CallTimeline(0, System.nanoTime(), new Object[0], true, false);
        TimedIterator<String> it = new TimedIterator<>(List.of("a", "b", "c").iterator(), t);
        events.add("caller " + it.next());
        it.close();
        assertEquals(List.of("caller a", "read a", "end"), events);
        assertEquals(CallTimeline.CANCEL, recorded.get(0).exit());
        assertEquals(1, recorded.get(0).chunkCount());
    }
}
