package dev.infertel.agent.runtime;

import dev.infertel.bootstrap.CallTimeline;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * Times a returned publisher while keeping its type: a Reactor {@code Flux} stays a {@code Flux} (and a
 * {@code Mono} a {@code Mono}) through Reactor's own operators ({@code from}, {@code doOnNext}, ...)
 * called reflectively, so the agent carries no reactive library and the caller's context and fusion
 * are kept. A {@link Flow.Publisher} is wrapped directly; another Reactive Streams {@code Publisher}
 * goes through the library's {@code FlowAdapters}. Returns null when the object is none of these.
 */
final class PublisherTiming {

    private static final String FLUX = "reactor.core.publisher.Flux";
    private static final String MONO = "reactor.core.publisher.Mono";
    private static final String RS_PUBLISHER = "org.reactivestreams.Publisher";

    private static final ClassValue<ReactorOps> REACTOR = new ClassValue<>() {
        @Override
        protected ReactorOps computeValue(Class<?> type) {
            return ReactorOps.of(type);
        }
    };

    private PublisherTiming() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Object wrap(Object publisher, SubscriptionTimelines timelines) throws ReflectiveOperationException {
        ReactorOps reactor = REACTOR.get(publisher.getClass());
        if (reactor != null) {
            return reactor.wrap(publisher, timelines);
        }
        if (publisher instanceof Flow.Publisher<?> flow) {
            return new FlowTiming(flow, timelines);
        }
        Class<?> rs = superType(publisher.getClass(), RS_PUBLISHER);
        if (rs != null) {
            Class<?> adapters = Class.forName("org.reactivestreams.FlowAdapters", true, rs.getClassLoader());
            Object flow = adapters.getMethod("toFlowPublisher", rs).invoke(null, publisher);
            return adapters.getMethod("toPublisher", Flow.Publisher.class)
                    .invoke(null, new FlowTiming((Flow.Publisher) flow, timelines));
        }
        return null;
    }

    static Class<?> superType(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(name)) {
                return c;
            }
            for (Class<?> i : c.getInterfaces()) {
                Class<?> found = superType(i, name);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /**
     * Reactor's operators for Flux or Mono, looked up once per publisher class. The timed publisher is
     * Reactor's own wrapping ({@code Flux.from}, {@code Mono.fromDirect}) of a Reactive Streams publisher
     * that opens a timeline per subscription and keeps it the thread's running call until the source's
     * {@code subscribe} has returned: a source that calls another instrumented client while subscribing
     * (Spring AI's {@code Flux.create} starting openai-java's stream after {@code onSubscribe}) is nested.
     */
    private record ReactorOps(boolean mono, Class<?> publisherType, Method from, Method subscribe, Method doOnNext,
                              Method doOnComplete, Method doOnError, Method doOnCancel) {

        static ReactorOps of(Class<?> type) {
            Class<?> base = superType(type, FLUX);
            boolean mono = false;
            if (base == null) {
                base = superType(type, MONO);
                mono = true;
            }
            Class<?> rs = superType(type, RS_PUBLISHER);
            if (base == null || rs == null) {
                return null;
            }
            try {
                Class<?> subscriber = Class.forName("org.reactivestreams.Subscriber", false, rs.getClassLoader());
                return new ReactorOps(mono, rs, mono ? base.getMethod("fromDirect", rs) : base.getMethod("from", rs),
                        rs.getMethod("subscribe", subscriber),
                        base.getMethod("doOnNext", Consumer.class),
                        // a Mono signals success together with its value: end it once the value has been
                        // handed on, so writing the record does not delay the value (the chunk is stamped before)
                        mono ? base.getMethod("doAfterTerminate", Runnable.class) : base.getMethod("doOnComplete", Runnable.class),
                        base.getMethod("doOnError", Consumer.class), base.getMethod("doOnCancel", Runnable.class));
            } catch (NoSuchMethodException | ClassNotFoundException e) {
                return null;
            }
        }

        Object wrap(Object source, SubscriptionTimelines timelines) throws ReflectiveOperationException {
            InvocationHandler perSubscription = (proxy, method, args) -> {
                if (method.getDeclaringClass() == Object.class) {
                    return switch (method.getName()) {
                        case "equals" -> proxy == args[0];
                        case "hashCode" -> System.identityHashCode(proxy);
                        default -> "timed " + source;
                    };
                }
                subscribeTimed(source, args[0], timelines);
                return null;
            };
            Object timed = Proxy.newProxyInstance(publisherType.getClassLoader(), new Class<?>[] {publisherType},
                    perSubscription);
            return from.invoke(null, timed);
        }

        private void subscribeTimed(Object source, Object subscriber, SubscriptionTimelines timelines) throws Throwable {
            CallTimeline t = timelines.next();
            Object p = source;
            if (t != null) {
                try {
                    p = doOnNext.invoke(p, (Consumer<Object>) t::chunk);
                    p = doOnComplete.invoke(p, (Runnable) t::complete);
                    p = doOnError.invoke(p, (Consumer<Throwable>) t::fail);
                    p = doOnCancel.invoke(p, (Runnable) t::cancelIfOpen);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    t.cancelIfOpen();
                    t = null;
                    p = source;
                }
            }
            if (t != null) {
                timelines.enter(t);
            }
            try {
                subscribe.invoke(p, subscriber);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                if (t != null) {
                    timelines.leave(t);
                }
            }
        }
    }
}
