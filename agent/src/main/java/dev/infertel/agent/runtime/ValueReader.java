package dev.infertel.agent.runtime;

import dev.infertel.agent.config.ValuePath;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Follows value paths ({@code arg0.model}) through getters: {@code name()}, {@code getName()},
 * {@code isName()} or a public field, resolved once per class and cached. {@code Optional} results
 * unwrap. A step that does not exist or throws yields null; the application is never affected.
 */
public final class ValueReader {

    private static final Object MISSING = new Object();

    private final ClassValue<ConcurrentMap<String, Object>> accessors = new ClassValue<>() {
        @Override
        protected ConcurrentMap<String, Object> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    /** The value of {@code path}, or of its first alternative that gives one. */
    public Object read(ValuePath path, Object self, Object[] args, Object result) {
        for (ValuePath p = path; p != null; p = p.orElse()) {
            Object value = switch (p.root()) {
                case ARG -> args != null && p.index() < args.length ? args[p.index()] : null;
                case THIS -> self;
                case RESULT -> result;
                case CHUNK, COMPLETE_ARG -> null;
            };
            value = followOne(value, p);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** {@code path} (or its first alternative that gives a value) from its root's value. */
    public Object follow(Object value, ValuePath path) {
        for (ValuePath p = path; p != null; p = p.orElse()) {
            Object v = followOne(value, p);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private Object followOne(Object value, ValuePath path) {
        for (String getter : path.getters()) {
            value = unwrap(value);
            if (value == null) {
                return null;
            }
            value = get(value, getter);
        }
        return unwrap(value);
    }

    private static Object unwrap(Object value) {
        return value instanceof Optional<?> o ? o.orElse(null) : value;
    }

    private Object get(Object target, String name) {
        if (Character.isDigit(name.charAt(0))) {
            return element(target, Integer.parseInt(name));
        }
        ConcurrentMap<String, Object> known = accessors.get(target.getClass());
        Object accessor = known.get(name);
        if (accessor == null) {
            // resolved once per class and name; the look-up above allocates nothing
            Class<?> type = target.getClass();
            accessor = known.computeIfAbsent(name, n -> handle(resolve(type, n)));
        }
        if (accessor == MISSING) {
            return null;
        }
        try {
            return ((MethodHandle) accessor).invokeExact(target);
        } catch (Throwable e) {
            return null;
        }
    }

    /**
     * Creates and calls a getter handle of each return shape once (object, int, long, boolean, double),
     * off the application's threads: the first handle of a shape costs milliseconds of class generation,
     * which would otherwise land on the first chunk whose values a site reads, before the application
     * has that chunk.
     */
    public static void warmUp() {
        ValueReader reader = new ValueReader();
        for (Object sample : new Object[] {Optional.of("x"), java.util.List.of("x"), Long.valueOf(1),
                Boolean.TRUE, Double.valueOf(1)}) {
            for (String getter : new String[] {"get", "size", "longValue", "booleanValue", "doubleValue", "isEmpty"}) {
                reader.get(sample, getter);
            }
        }
    }

    /**
     * A method handle {@code (Object) -> Object} for a resolved getter or field. Not {@code Method.invoke}:
     * on JDK 17 its 16th call generates an accessor class (a millisecond or more, on the thread reading a
     * chunk, before the application has the chunk), and each call allocates its argument array.
     */
    private static Object handle(Object member) {
        try {
            MethodHandle h;
            if (member instanceof Method m) {
                h = MethodHandles.lookup().unreflect(m);
            } else if (member instanceof Field f) {
                h = MethodHandles.lookup().unreflectGetter(f);
            } else {
                return MISSING;
            }
            return h.asType(MethodType.methodType(Object.class, Object.class));
        } catch (IllegalAccessException | RuntimeException e) {
            return MISSING;
        }
    }

    /** A numeric step: element {@code i} of a list or array, null when there is none. */
    private static Object element(Object target, int i) {
        if (target instanceof java.util.List<?> list) {
            return i < list.size() ? list.get(i) : null;
        }
        if (target.getClass().isArray()) {
            return i < java.lang.reflect.Array.getLength(target) ? java.lang.reflect.Array.get(target, i) : null;
        }
        return null;
    }

    private static Object resolve(Class<?> type, String name) {
        String cap = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        for (String candidate : new String[] {name, "get" + cap, "is" + cap}) {
            Method m = findMethod(type, candidate);
            if (m != null) {
                return m;
            }
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                if (!Modifier.isStatic(f.getModifiers()) && accessible(f)) {
                    return f;
                }
            } catch (NoSuchFieldException ignored) {
                // look further up
            }
        }
        return MISSING;
    }

    /** A public no-argument method, preferring a declaration in a public type so no access check fails. */
    private static Method findMethod(Class<?> type, String name) {
        Method found;
        try {
            found = type.getMethod(name);
        } catch (NoSuchMethodException e) {
            return null;
        }
        if (found.getReturnType() == void.class) {
            return null;
        }
        if (Modifier.isPublic(found.getDeclaringClass().getModifiers())) {
            return found;
        }
        for (Class<?> i : type.getInterfaces()) {
            Method m = findMethod(i, name);
            if (m != null && Modifier.isPublic(m.getDeclaringClass().getModifiers())) {
                return m;
            }
        }
        return accessible(found) ? found : null;
    }

    private static <T extends AccessibleObject & Member> boolean accessible(T member) {
        try {
            member.setAccessible(true);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
