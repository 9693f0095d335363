package dev.infertel.agent.check;

import dev.infertel.agent.config.ValuePath;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Optional;

/**
 * Follows a value path's getters over declared types, the way {@code ValueReader} follows them over
 * values at run time ({@code name()}, {@code getName()}, {@code isName()}, a field; Optional unwraps;
 * a numeric step takes a List's or array's element). Where a type is not known statically (a type
 * variable, Object) it stops and says so rather than guess.
 */
final class StaticPaths {

    /** The outcome: a problem (null when none), or the type reached, or where it stopped knowing. */
    record Outcome(String problem, String reached) {
    }

    private StaticPaths() {
    }

    static Outcome follow(Type start, ValuePath path) {
        Type type = unwrap(start);
        StringBuilder walked = new StringBuilder(path.getters().isEmpty() ? path.text() : path.text().split("\\.")[0]);
        for (String step : path.getters()) {
            Class<?> raw = raw(type);
            if (raw == null || raw == Object.class) {
                return new Outcome(null, "not checked past '" + walked + "' (its type is not known before run time)");
            }
            Type next;
            if (Character.isDigit(step.charAt(0))) {
                next = element(type, raw);
                if (next == null) {
                    return new Outcome("'" + walked + "." + step + "': " + raw.getName() + " is not a List or array", null);
                }
            } else {
                next = getter(raw, step);
                if (next == null) {
                    return new Outcome("'" + walked + "." + step + "': " + raw.getName() + " has no " + step + "(), get"
                            + cap(step) + "(), is" + cap(step) + "() or field " + step, null);
                }
            }
            walked.append('.').append(step);
            type = unwrap(next);
        }
        return new Outcome(null, type.getTypeName());
    }

    /** The first type argument of a parameterized type (the element of a stream, future, publisher...). */
    static Type firstTypeArgument(Type type) {
        if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > 0) {
            return p.getActualTypeArguments()[0];
        }
        return Object.class;
    }

    private static Type getter(Class<?> raw, String name) {
        for (String candidate : List.of(name, "get" + cap(name), "is" + cap(name))) {
            try {
                Method m = raw.getMethod(candidate);
                if (m.getReturnType() != void.class) {
                    return m.getGenericReturnType();
                }
            } catch (NoSuchMethodException e) {
                // next candidate
            }
        }
        for (Class<?> c = raw; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                if (!Modifier.isStatic(f.getModifiers())) {
                    return f.getGenericType();
                }
            } catch (NoSuchFieldException e) {
                // look further up
            }
        }
        return null;
    }

    private static Type element(Type type, Class<?> raw) {
        if (raw.isArray()) {
            return type instanceof GenericArrayType g ? g.getGenericComponentType() : raw.getComponentType();
        }
        if (List.class.isAssignableFrom(raw)) {
            return firstTypeArgument(type);
        }
        return null;
    }

    private static Type unwrap(Type type) {
        if (raw(type) == Optional.class) {
            return firstTypeArgument(type);
        }
        return type;
    }

    static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        if (type instanceof GenericArrayType g) {
            Class<?> component = raw(g.getGenericComponentType());
            return component == null ? null : component.arrayType();
        }
        return null;
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
