package dev.infertel.agent.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.WeakReference;

/**
 * The OpenTelemetry span current in the application, read through the application's own
 * {@code io.opentelemetry.api} (the API the application or the OpenTelemetry Java agent makes current
 * spans with) when the instrumented class's loader sees it; never a dependency of ours. The API is
 * looked up once per instrumented class (for a static method, once per context class loader in a
 * row): where it is absent a call pays a class-value look-up and nothing else.
 *
 * <p>On the caller's thread {@link #capture} only takes the current {@code SpanContext} (immutable, so
 * it is safe to read later); the ids are read from it on the recorder thread ({@link Api#ids}).
 */
final class CurrentSpan {

    static final String SPAN = "io.opentelemetry.api.trace.Span";
    static final String SPAN_CONTEXT = "io.opentelemetry.api.trace.SpanContext";

    /** The API of one class loader; {@link #NONE} where it is not visible. */
    static final class Api {
        private final MethodHandle currentContext;
        private final MethodHandle isValid;
        private final MethodHandle traceId;
        private final MethodHandle spanId;

        private Api(MethodHandle currentContext, MethodHandle isValid, MethodHandle traceId, MethodHandle spanId) {
            this.currentContext = currentContext;
            this.isValid = isValid;
            this.traceId = traceId;
            this.spanId = spanId;
        }

        /** {@code [traceId, spanId]} (hex) of a context {@link #capture} took; null when it is invalid. */
        String[] ids(Object context) {
            try {
                if (context == null || !(boolean) isValid.invokeExact(context)) {
                    return null;
                }
                return new String[] {(String) traceId.invokeExact(context), (String) spanId.invokeExact(context)};
            } catch (Throwable e) {
                return null;
            }
        }
    }

    static final Api NONE = new Api(null, null, null, null);

    private final ClassValue<Api> byClass = new ClassValue<>() {
        @Override
        protected Api computeValue(Class<?> type) {
            return resolve(type.getClassLoader());
        }
    };

    /** For static methods (no instance to name a class): the context loader's API, the last one only. */
    private volatile LoaderApi lastContextLoader;

    private record LoaderApi(WeakReference<ClassLoader> loader, Api api) {
    }

    /** The API visible to {@code self}'s class (or, without one, to the thread's context loader). */
    Api api(Object self) {
        if (self != null) {
            return byClass.get(self.getClass());
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        LoaderApi last = lastContextLoader;
        if (last != null && last.loader().get() == loader) {
            return last.api();
        }
        Api api = resolve(loader);
        lastContextLoader = new LoaderApi(new WeakReference<>(loader), api);
        return api;
    }

    /** The current span's context (an object of the application's API), or null: on the caller's thread. */
    static Object capture(Api api) {
        if (api == NONE) {
            return null;
        }
        try {
            return (Object) api.currentContext.invokeExact();
        } catch (Throwable e) {
            return null; // the application's API failing must not cost the call its record
        }
    }

    static Api resolve(ClassLoader loader) {
        if (loader == null) {
            return NONE; // the boot loader never holds the application's API
        }
        try {
            Class<?> span = Class.forName(SPAN, false, loader);
            Class<?> context = Class.forName(SPAN_CONTEXT, false, loader);
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            MethodHandle current = lookup.findStatic(span, "current", MethodType.methodType(span));
            MethodHandle getContext = lookup.findVirtual(span, "getSpanContext", MethodType.methodType(context));
            MethodType asObject = MethodType.methodType(String.class, Object.class);
            return new Api(MethodHandles.filterReturnValue(current, getContext).asType(MethodType.methodType(Object.class)),
                    lookup.findVirtual(context, "isValid", MethodType.methodType(boolean.class))
                            .asType(MethodType.methodType(boolean.class, Object.class)),
                    lookup.findVirtual(context, "getTraceId", MethodType.methodType(String.class)).asType(asObject),
                    lookup.findVirtual(context, "getSpanId", MethodType.methodType(String.class)).asType(asObject));
        } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
            return NONE;
        }
    }
}
