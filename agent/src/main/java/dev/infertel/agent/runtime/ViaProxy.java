package dev.infertel.agent.runtime;

import dev.infertel.agent.config.StreamConfig;
import dev.infertel.bootstrap.CallTimeline;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Stands in for a returned stream handle (openai-java's {@code StreamResponse}, {@code AsyncStreamResponse})
 * with the same interfaces: calls go to the real object, except the {@code via} method, whose result
 * (a Stream, Iterator, Publisher) or callback argument is timed, and {@code close()}, which cancels a
 * stream not read to its end. Only per call, never per chunk, does the proxy do any work.
 */
final class ViaProxy implements InvocationHandler {

    private final Object delegate;
    private final CallTimeline timeline;
    private final StreamConfig stream;
    private final AgentRecorder recorder;

    private ViaProxy(Object delegate, CallTimeline timeline, StreamConfig stream, AgentRecorder recorder) {
        this.delegate = delegate;
        this.timeline = timeline;
        this.stream = stream;
        this.recorder = recorder;
    }

    /** A proxy with every public interface of {@code result}'s class, or null when it has none. */
    static Object create(Object result, CallTimeline timeline, StreamConfig stream, AgentRecorder recorder) {
        Set<Class<?>> interfaces = new LinkedHashSet<>();
        collect(result.getClass(), interfaces);
        if (interfaces.isEmpty()) {
            return null;
        }
        ClassLoader loader = result.getClass().getClassLoader();
        return Proxy.newProxyInstance(loader, interfaces.toArray(new Class<?>[0]),
                new ViaProxy(result, timeline, stream, recorder));
    }

    private static void collect(Class<?> type, Set<Class<?>> into) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (Modifier.isPublic(i.getModifiers())) {
                    into.add(i);
                }
                collect(i, into);
            }
        }
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        int argc = args == null ? 0 : args.length;
        if (method.getDeclaringClass() == Object.class) {
            switch (name) {
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                default:
                    return delegate.toString();
            }
        }
        if (name.equals(stream.via())) {
            if (stream.viaCallback() && stream.callbackArg() < argc) {
                args[stream.callbackArg()] = recorder.tapReturnedCallback(timeline, method, args[stream.callbackArg()]);
                Object r = call(method, args);
                return r == delegate ? proxy : r;
            }
            if (!stream.viaCallback() && argc == 0) {
                return recorder.wrapElements(timeline, call(method, args));
            }
        }
        if (name.equals("close") && argc == 0) {
            try {
                return call(method, args);
            } finally {
                timeline.cancelIfOpen();
            }
        }
        Object r = call(method, args);
        return r == delegate ? proxy : r;
    }

    private Object call(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
