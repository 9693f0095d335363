package dev.infertel.agent.instrument;

import dev.infertel.agent.config.StreamConfig;
import dev.infertel.bootstrap.CallTimeline;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.modifier.FieldManifestation;
import net.bytebuddy.description.modifier.SyntheticState;
import net.bytebuddy.description.modifier.TypeManifestation;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.dynamic.scaffold.subclass.ConstructorStrategy;
import net.bytebuddy.implementation.FieldAccessor;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.MethodCall;
import net.bytebuddy.matcher.ElementMatcher;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isDefaultMethod;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;

/**
 * Generates, per callback interface and call site, a tap class: it implements the interface, forwards
 * every method to the caller's callback, and reports chunk, complete and error methods to the call's
 * {@link CallTimeline} through a final field (no lookup per chunk). Works for anonymous classes,
 * lambdas and classes loaded before the agent alike, since the caller's object is never changed.
 * The tap is defined next to the instrumented class, in its package and loader.
 */
public final class TapFactory {

    static final String DELEGATE_FIELD = "telemetryDelegate";
    static final String TIMELINE_FIELD = "telemetryTimeline";
    private static final MethodType FACTORY_TYPE = MethodType.methodType(Object.class, Object.class, CallTimeline.class);

    private final AtomicInteger counter = new AtomicInteger();

    /** A handle {@code (Object callback, CallTimeline) -> Object tap}. */
    public MethodHandle create(Class<?> origin, Class<?> callbackType, StreamConfig stream) throws ReflectiveOperationException {
        return create(origin, callbackType, stream, false);
    }

    /**
     * As {@link #create(Class, Class, StreamConfig)}; with {@code elements} each chunk method's first
     * argument is passed on to be read (value paths rooted at {@code chunk}).
     */
    public MethodHandle create(Class<?> origin, Class<?> callbackType, StreamConfig stream, boolean elements)
            throws ReflectiveOperationException {
        if (!callbackType.isInterface()) {
            throw new IllegalArgumentException("callback type " + callbackType.getName()
                    + " is not an interface; only interface callbacks can be tapped");
        }
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(origin, MethodHandles.lookup());
        String name = origin.getName() + "$$TelemetryTap$" + counter.incrementAndGet();
        Implementation forward = MethodCall.invokeSelf().onField(DELEGATE_FIELD).withAllArguments();
        DynamicType.Builder<Object> builder = new ByteBuddy()
                .with(TypeValidation.DISABLED)
                .subclass(Object.class, ConstructorStrategy.Default.NO_CONSTRUCTORS)
                .name(name)
                .modifiers(Visibility.PUBLIC, TypeManifestation.FINAL, SyntheticState.SYNTHETIC)
                .implement(callbackType)
                .defineField(DELEGATE_FIELD, callbackType, Visibility.PRIVATE, FieldManifestation.FINAL)
                .defineField(TIMELINE_FIELD, CallTimeline.class, Visibility.PRIVATE, FieldManifestation.FINAL)
                .defineConstructor(Visibility.PUBLIC)
                .withParameters(callbackType, CallTimeline.class)
                .intercept(MethodCall.invoke(Object.class.getConstructor())
                        .andThen(FieldAccessor.ofField(DELEGATE_FIELD).setsArgumentAt(0))
                        .andThen(FieldAccessor.ofField(TIMELINE_FIELD).setsArgumentAt(1)))
                .method(isAbstract().or(isDefaultMethod())).intercept(forward);
        // later matchers win in Byte Buddy, so the roles come after the plain forwarding
        builder = role(builder, stream.onError(), Advice.to(TapAdvice.Error.class), forward);
        builder = role(builder, stream.onComplete(), Advice.to(TapAdvice.Complete.class), forward);
        builder = role(builder, stream.onChunk(),
                Advice.to(elements ? TapAdvice.ChunkElement.class : TapAdvice.Chunk.class), forward);
        Class<?> tap = builder.make()
                .load(origin.getClassLoader(), ClassLoadingStrategy.UsingLookup.of(lookup))
                .getLoaded();
        return lookup.findConstructor(tap, MethodType.methodType(void.class, callbackType, CallTimeline.class))
                .asType(FACTORY_TYPE);
    }

    private static DynamicType.Builder<Object> role(DynamicType.Builder<Object> builder, List<String> methods,
                                                    Advice advice, Implementation forward) {
        if (methods.isEmpty()) {
            return builder;
        }
        ElementMatcher.Junction<MethodDescription> named = namedOneOf(methods.toArray(new String[0]));
        return builder.method(named.and(isAbstract().or(isDefaultMethod()))).intercept(advice.wrap(forward));
    }
}
