package dev.infertel.agent.runtime;

import dev.infertel.bootstrap.CallTimeline;
import java.lang.reflect.Method;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Times a returned publisher while keeping its type: a Reactor {@code Flux} stays a {@code Flux} (and a
 * {@code Mono} a {@code Mono}) through Reactor's own operators ({@code defer}, {@code doOnNext}, ...)
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

    /** Reactor's operators for Flux or Mono, looked up once per publisher class. */
    private record ReactorOps(boolean mono, Method defer, Method doOnNext, Method doOnComplete, Method doOnError,
                              Method doOnCancel, Method doOnSubscribe) {

        static ReactorOps of(Class<?> type) {
            Class<?> base = superType(type, FLUX);
            boolean mono = false;
            if (base == null) {
                base = superType(type, MONO);
                mono = true;
            }
            if (base == null) {
                return null;
            }
            try {
                return new ReactorOps(mono, base.getMethod("defer", Supplier.class),
                        base.getMethod("doOnNext", Consumer.class),
                        // a Mono signals success together with its value: end it once the value has been
                        // handed on, so writing the record does not delay the value (the chunk is stamped before)
                        mono ? base.getMethod("doAfterTerminate", Runnable.class) : base.getMethod("doOnComplete", Runnable.class),
                        base.getMethod("doOnError", Consumer.class), base.getMethod("doOnCancel", Runnable.class),
                        base.getMethod("doOnSubscribe", Consumer.class));
            } catch (NoSuchMethodException e) {
                return null;
            }
        }

        Object wrap(Object source, SubscriptionTimelines timelines) throws ReflectiveOperationException {
            Supplier<Object> perSubscription = () -> {
                CallTimeline t = timelines.next();
                if (t == null) {
                    return source;
                }
                try {
                    Object p = doOnNext.invoke(source, (Consumer<Object>) t::chunk);
                    p = doOnComplete.invoke(p, (Runnable) t::complete);
                    p = doOnError.invoke(p, (Consumer<Throwable>) t::fail);
                    p = doOnCancel.invoke(p, (Runnable) t::cancelIfOpen);
                    p = doOnSubscribe.invoke(p, (Consumer<Object>) s -> timelines.leave(t));
                    // Reactor subscribes to what this supplier returns right after it returns, on this
                    // thread: calls the source makes while subscribing belong to this request
                    timelines.enter(t);
                    return p;
                } catch (ReflectiveOperationException | RuntimeException e) {
                    t.cancelIfOpen();
                    return source;
                }
            };
            return defer.invoke(null, perSubscription);
        }
    }
}
