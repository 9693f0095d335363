package dev.infertel.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infertel.agent.config.SiteConfig;
import dev.infertel.agent.config.StreamConfig;
import dev.infertel.agent.instrument.woven.StreamHandle;
import dev.infertel.agent.instrument.woven.WeaveTarget;
import dev.infertel.agent.log.AgentLog;
import dev.infertel.agent.runtime.AgentRecorder;
import dev.infertel.agent.runtime.Site;
import dev.infertel.bootstrap.Bridge;
import dev.infertel.bootstrap.CallTimeline;
import dev.infertel.bootstrap.Recorder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ASM weaver against a class with every method shape: the woven copy is defined by a fresh loader
 * (so the JVM verifies it), run, and its bridge calls recorded. Values and exceptions must pass through
 * unchanged; each call must enter once and exit once with what the method returned or threw.
 */
class BridgeWeaverTest {

    private static final String TARGET = WeaveTarget.class.getName();
    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    private static List<Site> sites;
    private static Class<?> woven;
    private final Calls calls = new Calls();

    @BeforeAll
    static void weave() throws Exception {
        List<SiteConfig> configs = new ArrayList<>();
        for (String method : List.of("complete", "add", "twice", "half", "not", "same", "remember", "fail", "recover",
                "reuse", "countUp")) {
            configs.add(site(method, null));
        }
        configs.add(site("iterate", new StreamConfig(-1, null, null, null, StreamConfig.Returns.ITERATOR)));
        configs.add(site("stream", new StreamConfig(1, List.of("onToken"), List.of("onDone"), List.of(), null)));
        AgentLog log = new AgentLog(new PrintStream(LOG, true), true);
        sites = AgentRecorder.sites(configs, new TapFactory(), log);
        byte[] bytes;
        try (InputStream in = WeaveTarget.class.getResourceAsStream("WeaveTarget.class")) {
            bytes = in.readAllBytes();
        }
        byte[] result = new Weaver(log).weave(WeaveTarget.class.getClassLoader(), TARGET, bytes, sites);
        assertNotNull(result, LOG::toString);
        woven = new ChildFirst(WeaveTarget.class.getClassLoader(), TARGET, result).loadClass(TARGET);
        assertTrue(woven != WeaveTarget.class);
    }

    private static SiteConfig site(String method, StreamConfig stream) {
        return new SiteConfig("s-" + method, TARGET, method, null, "test", null, null, null, null, null, null, stream, 0);
    }

    @AfterEach
    void uninstall() {
        Bridge.uninstall();
    }

    private Object call(String method, Object... args) throws Throwable {
        Bridge.install(calls);
        Object target = woven.getDeclaredConstructor().newInstance();
        for (Method m : woven.getMethods()) {
            if (m.getName().equals(method)) {
                try {
                    return m.invoke(java.lang.reflect.Modifier.isStatic(m.getModifiers()) ? null : target, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
        }
        throw new AssertionError("no method " + method);
    }

    private int siteId(String method) {
        for (Site s : sites) {
            if (s.config().method().equals(method)) {
                return s.id();
            }
        }
        throw new AssertionError(method);
    }

    @Test
    void aPlainCallSeesItsArgumentsBoxedAndItsResult() throws Throwable {
        assertEquals("m012:7:0.5", call("complete", "m", 3, 7L, 0.5));
        assertEquals(1, calls.entered.size());
        assertEquals(siteId("complete"), calls.entered.get(0).siteId);
        assertArrayEquals(new Object[] {"m", 3, 7L, 0.5}, calls.args.get(0));
        assertNotNull(calls.selves.get(0));
        assertEquals(List.of("m012:7:0.5"), calls.results);
        assertEquals(1, calls.exits);
    }

    @Test
    void staticAndPrimitiveReturnsAreBoxedForTheExitAndReturnedUnboxed() throws Throwable {
        assertEquals(5, call("add", 2, 3));
        assertNull(calls.selves.get(0));
        assertEquals(42L, call("twice", 21L));
        assertEquals(1.25, call("half", 2.5));
        assertEquals(false, call("not", true));
        assertEquals('x', call("same", 'x'));
        assertEquals(List.of(5, 42L, 1.25, false, 'x'), calls.results);
    }

    @Test
    void aVoidMethodExitsWithNoResultOnEveryReturnPath() throws Throwable {
        assertNull(call("remember", (Object) null)); // the early return
        assertNull(call("remember", "four"));       // the end of the body
        assertEquals(2, calls.exits);
        assertEquals(2, calls.results.size());
        assertNull(calls.results.get(0));
        assertNull(calls.results.get(1));
    }

    @Test
    void theApplicationsExceptionPassesThroughAndEndsTheCall() throws Throwable {
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> call("fail", "boom"));
        assertEquals("boom", thrown.getMessage());
        assertEquals(1, calls.exits);
        assertSame(thrown, calls.thrown.get(0));
    }

    @Test
    void theMethodsOwnHandlersKeepPrecedence() throws Throwable {
        assertEquals("caught x", call("recover", "x"));
        assertEquals("empty", call("recover", ""));
        assertEquals(2, calls.exits);
        assertEquals(List.of("caught x", "empty"), calls.results);
        assertNull(calls.thrown.get(0));
    }

    @Test
    void aMethodThatRewritesItsParameterSlotsStillVerifiesAndRuns() throws Throwable {
        assertEquals("null9/10", call("reuse", null, 9L));
        assertEquals(1, calls.exits);
    }

    @Test
    void aLoopBackToTheFirstInstructionStillVerifiesAndRunsOnce() throws Throwable {
        assertEquals(3, call("countUp", 3));
        assertEquals(1, calls.entered.size(), "the enter code is before the loop, not in it");
        assertEquals(List.of(3), calls.results);
    }

    @Test
    void aReturnsSiteHandsTheCallerWhatTheRecorderWraps() throws Throwable {
        Object it = call("iterate", "m");
        assertTrue(it instanceof Calls.WrappedIterator, String.valueOf(it));
        assertEquals(1, calls.wrapped);
    }

    @Test
    void aCallbackSiteGetsTheTapInPlaceOfTheCallback() throws Throwable {
        List<String> got = new ArrayList<>();
        WeaveTarget.Listener listener = new WeaveTarget.Listener() {
            @Override
            public void onToken(String token) {
                got.add(token);
            }

            @Override
            public void onDone() {
                got.add("done");
            }
        };
        call("stream", "tok", listener);
        assertEquals(List.of("tapped:tok", "done"), got);
        assertSame(woven, calls.origins.get(0), "the origin is the woven class");
    }

    @Test
    void withNoRecorderInstalledTheWovenCodeJustRuns() throws Throwable {
        Bridge.uninstall();
        Object target = woven.getDeclaredConstructor().newInstance();
        assertEquals("a0:1:2.0", woven.getMethod("complete", String.class, int.class, long.class, double.class)
                .invoke(target, "a", 1, 1L, 2.0));
        assertEquals(0, calls.entered.size());
    }

    @Test
    void methodsOfTheWrongShapeAreLeftAloneWithOneLine() throws Exception {
        // a 'returns: iterator' site on a method returning a String is not woven
        AgentLog log = new AgentLog(new PrintStream(LOG, true), false);
        List<Site> wrong = AgentRecorder.sites(List.of(
                site("complete", new StreamConfig(-1, null, null, null, StreamConfig.Returns.ITERATOR))),
                new TapFactory(), log);
        byte[] bytes;
        try (InputStream in = WeaveTarget.class.getResourceAsStream("WeaveTarget.class")) {
            bytes = in.readAllBytes();
        }
        assertNull(new Weaver(log).weave(WeaveTarget.class.getClassLoader(), TARGET, bytes, wrong));
        assertTrue(LOG.toString().contains("returns java.lang.String, not java.util.Iterator"), LOG.toString());
    }

    @Test
    void anIterableHandleReportsItsIteratorAndEveryClose() throws Throwable {
        byte[] bytes;
        try (InputStream in = StreamHandle.class.getResourceAsStream("StreamHandle.class")) {
            bytes = in.readAllBytes();
        }
        byte[] result = BridgeWeaver.weaveIterableHandle(bytes);
        assertNotNull(result);
        String name = StreamHandle.class.getName();
        Class<?> handleClass = new ChildFirst(StreamHandle.class.getClassLoader(), name, result).loadClass(name);
        Bridge.install(calls);

        Object handle = handleClass.getConstructor(List.class, boolean.class).newInstance(List.of("a", "b"), false);
        Object it = handleClass.getMethod("iterator").invoke(handle);
        assertTrue(it instanceof Calls.WrappedIterator, String.valueOf(it));
        assertSame(handle, calls.handles.get(0));
        handleClass.getMethod("close").invoke(handle);
        handleClass.getMethod("close").invoke(handle); // the early return
        assertEquals(2, calls.closes);

        Object failing = handleClass.getConstructor(List.class, boolean.class).newInstance(List.of(), true);
        InvocationTargetException e = assertThrows(InvocationTargetException.class,
                () -> handleClass.getMethod("close").invoke(failing));
        assertEquals("close failed", e.getCause().getMessage());
        assertEquals(3, calls.closes, "a close that throws is reported too");
    }

    /** Records what the woven code passes to the bridge. */
    static final class Calls implements Recorder {
        final List<CallTimeline> entered = new ArrayList<>();
        final List<Object[]> args = new ArrayList<>();
        final List<Object> selves = new ArrayList<>();
        final List<Object> results = new ArrayList<>();
        final List<Throwable> thrown = new ArrayList<>();
        final List<Class<?>> origins = new ArrayList<>();
        final List<Object> handles = new ArrayList<>();
        int exits;
        int wrapped;
        int closes;

        @Override
        public Object iterableIterator(Object handle, Object iterator) {
            handles.add(handle);
            return new WrappedIterator((Iterator<?>) iterator);
        }

        @Override
        public void iterableClosed(Object handle) {
            closes++;
        }

        @Override
        public CallTimeline begin(int siteId, Object self, Object[] arguments) {
            CallTimeline t = new CallTimeline(siteId, System.nanoTime(), new Object[0]);
            entered.add(t);
            args.add(arguments.clone());
            selves.add(self);
            return t;
        }

        @Override
        public void methodExit(CallTimeline timeline, Object result, Throwable error) {
            exits++;
            results.add(result);
            thrown.add(error);
        }

        @Override
        public Object wrapResult(CallTimeline timeline, Object result) {
            wrapped++;
            return new WrappedIterator((Iterator<?>) result);
        }

        @Override
        public Object[] tapCallback(CallTimeline timeline, Class<?> origin, Object[] arguments) {
            origins.add(origin);
            WeaveTarget.Listener inner = (WeaveTarget.Listener) arguments[1];
            Object[] copy = arguments.clone();
            copy[1] = new WeaveTarget.Listener() {
                @Override
                public void onToken(String token) {
                    inner.onToken("tapped:" + token);
                }

                @Override
                public void onDone() {
                    inner.onDone();
                }
            };
            return copy;
        }

        @Override
        public void record(CallTimeline timeline) {
        }

        /** Stands in for the agent's timed iterator. */
        record WrappedIterator(Iterator<?> inner) implements Iterator<Object> {
            @Override
            public boolean hasNext() {
                return inner.hasNext();
            }

            @Override
            public Object next() {
                return inner.next();
            }
        }
    }

    /** Defines the woven bytes itself; everything else comes from the parent. */
    private static final class ChildFirst extends ClassLoader {
        private final String name;
        private final byte[] bytes;

        ChildFirst(ClassLoader parent, String name, byte[] bytes) {
            super(parent);
            this.name = name;
            this.bytes = bytes;
        }

        @Override
        protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
            if (className.equals(name)) {
                synchronized (getClassLoadingLock(className)) {
                    Class<?> c = findLoadedClass(className);
                    if (c == null) {
                        c = defineClass(className, bytes, 0, bytes.length);
                    }
                    return c;
                }
            }
            return super.loadClass(className, resolve);
        }
    }
}
