package dev.infertel.agent.check;

import dev.infertel.agent.config.SiteConfig;
import dev.infertel.agent.config.StreamConfig;
import dev.infertel.agent.config.ValuePath;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Checks one site against the classes of a class loader, without running anything: the class and
 * method exist, the stream shape fits the method, and each value path leads somewhere.
 */
final class SiteCheck {

    /** What the check found: lines to print, how many problems, and whether the class was absent. */
    record Result(List<String> lines, int errors, boolean absent) {
    }

    private final SiteConfig site;
    private final ClassLoader loader;
    private final List<String> lines = new ArrayList<>();
    private int errors;

    private SiteCheck(SiteConfig site, ClassLoader loader) {
        this.site = site;
        this.loader = loader;
    }

    static Result run(SiteConfig site, ClassLoader loader) {
        return new SiteCheck(site, loader).check();
    }

    private Result check() {
        Class<?> type;
        try {
            type = Class.forName(site.className(), false, loader);
        } catch (ClassNotFoundException e) {
            return new Result(List.of("not on the class path: " + site.className()), 0, true);
        } catch (LinkageError e) {
            error("cannot load " + site.className() + ": " + e);
            return new Result(lines, errors, false);
        }
        List<Method> methods;
        try {
            methods = methods(type);
        } catch (LinkageError e) {
            error("the class path is incomplete for " + type.getName() + ": " + e);
            return new Result(lines, errors, false);
        }
        if (methods.isEmpty()) {
            error(type.getName() + " has no method " + site.method()
                    + (site.params() == null ? "" : "(" + String.join(", ", site.params()) + ")"));
            return new Result(lines, errors, false);
        }
        for (Method m : methods) {
            lines.add("method " + describe(m));
            checkShape(m);
            checkPaths(type, m);
        }
        return new Result(lines, errors, false);
    }

    private List<Method> methods(Class<?> type) {
        Map<String, Method> found = new LinkedHashMap<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(site.method()) && !m.isBridge() && !m.isSynthetic() && paramsMatch(m)) {
                    found.putIfAbsent(m.getName() + List.of(m.getParameterTypes()), m);
                }
            }
        }
        for (Method m : type.getMethods()) {
            if (m.getName().equals(site.method()) && !m.isBridge() && paramsMatch(m)) {
                found.putIfAbsent(m.getName() + List.of(m.getParameterTypes()), m);
            }
        }
        return new ArrayList<>(found.values());
    }

    private boolean paramsMatch(Method m) {
        if (site.params() == null) {
            return true;
        }
        Class<?>[] ps = m.getParameterTypes();
        if (ps.length != site.params().size()) {
            return false;
        }
        for (int i = 0; i < ps.length; i++) {
            String want = site.params().get(i);
            if (!ps[i].getName().equals(want) && !ps[i].getTypeName().equals(want)) {
                return false;
            }
        }
        return true;
    }

    private void checkShape(Method m) {
        StreamConfig s = site.stream();
        if (s == null) {
            return;
        }
        Class<?> returned = m.getReturnType();
        if (s.viaReturned()) {
            if (!returned.isInterface() && returned != Object.class) {
                error("'via' needs an interface return type; " + m.getName() + " returns the class " + returned.getName());
                return;
            }
            Method via = null;
            for (Method candidate : returned.getMethods()) {
                if (candidate.getName().equals(s.via()) && (s.viaCallback() ? candidate.getParameterCount() > s.callbackArg()
                        : candidate.getParameterCount() == 0)) {
                    via = candidate;
                }
            }
            if (via == null) {
                error(returned.getName() + " has no method " + s.via() + (s.viaCallback() ? " taking argument "
                        + s.callbackArg() : "()"));
                return;
            }
            if (s.viaCallback()) {
                checkCallback(via.getParameterTypes()[s.callbackArg()]);
            }
            return;
        }
        if (s.viaCallback()) {
            if (s.callbackArg() >= m.getParameterCount()) {
                error(m.getName() + " has no argument " + s.callbackArg() + " to take the callback from");
                return;
            }
            checkCallback(m.getParameterTypes()[s.callbackArg()]);
            return;
        }
        if (s.viaIterable()) {
            checkIterableClass(s.iterableClass());
        }
        boolean fits = switch (s.returns()) {
            case ITERABLE -> returned.getName().equals(s.iterableClass()) || isSuperOf(returned, s.iterableClass());
            case ITERATOR -> returned == java.util.Iterator.class;
            case STREAM -> returned == java.util.stream.Stream.class;
            case FUTURE -> CompletionStage.class.isAssignableFrom(returned);
            case PUBLISHER -> List.of("org.reactivestreams.Publisher", "java.util.concurrent.Flow$Publisher",
                    "reactor.core.publisher.Flux", "reactor.core.publisher.Mono").contains(returned.getName());
        };
        if (!fits && returned != Object.class) {
            error("returns: " + s.returns().name().toLowerCase() + " does not fit the return type " + returned.getName());
        }
    }

    private void checkIterableClass(String name) {
        Class<?> iterable;
        try {
            iterable = Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            error("iterable_class " + name + " is not on the class path");
            return;
        }
        try {
            if (iterable.getMethod("iterator").getReturnType() != java.util.Iterator.class) {
                error("iterable_class " + name + ": iterator() does not return java.util.Iterator");
            }
        } catch (NoSuchMethodException e) {
            error("iterable_class " + name + " has no iterator()");
        }
    }

    private boolean isSuperOf(Class<?> returned, String name) {
        try {
            return returned.isAssignableFrom(Class.forName(name, false, loader));
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private void checkCallback(Class<?> callback) {
        if (!callback.isInterface()) {
            error("the callback type " + callback.getName() + " is not an interface; only interface callbacks can be tapped");
            return;
        }
        StreamConfig s = site.stream();
        for (List<String> names : List.of(s.onChunk(), s.onComplete(), s.onError())) {
            for (String name : names) {
                if (callbackMethod(callback, name) == null) {
                    error("the callback type " + callback.getName() + " has no method " + name);
                }
            }
        }
    }

    private static Method callbackMethod(Class<?> callback, String name) {
        Method best = null;
        for (Method m : callback.getMethods()) {
            if (m.getName().equals(name) && !Modifier.isStatic(m.getModifiers())
                    && (best == null || m.getParameterCount() < best.getParameterCount())) {
                best = m;
            }
        }
        return best;
    }

    private void checkPaths(Class<?> type, Method m) {
        Map<String, ValuePath> paths = new LinkedHashMap<>();
        paths.put("model", site.model());
        paths.put("tokens_in", site.tokensIn());
        paths.put("tokens_out", site.tokensOut());
        paths.put("finish_reason", site.finishReason());
        paths.put("tenant", site.tenant());
        if (site.stream() != null) {
            paths.put("stream.chunk_when", site.stream().chunkWhen());
        }
        for (Map.Entry<String, ValuePath> e : paths.entrySet()) {
            for (ValuePath p = e.getValue(); p != null; p = p.orElse()) {
                checkPath(type, m, e.getKey(), p.alone());
            }
        }
    }

    private void checkPath(Class<?> type, Method m, String key, ValuePath p) {
        Type root = root(type, m, p);
        if (root == null) {
            error(key + ": " + p + ": " + m.getName() + " has no " + p.text().split("\\.")[0]);
            return;
        }
        StaticPaths.Outcome o = StaticPaths.follow(root, p);
        if (o.problem() != null && p.root() == ValuePath.Root.THIS && type.isInterface()) {
            // 'this' is whichever implementation is called: it may have what the interface lacks
            lines.add("  note  " + key + ": " + p + " not checked: " + type.getName() + " is an interface, "
                    + "its implementations decide (" + o.problem() + ")");
        } else if (o.problem() != null) {
            error(key + ": " + o.problem());
        } else {
            lines.add("  ok    " + key + ": " + p + " -> " + o.reached());
        }
    }

    private Type root(Class<?> type, Method m, ValuePath p) {
        StreamConfig s = site.stream();
        switch (p.root()) {
            case ARG:
                return p.index() < m.getParameterCount() ? m.getGenericParameterTypes()[p.index()] : null;
            case THIS:
                return type;
            case RESULT:
                return s != null && s.returns() == StreamConfig.Returns.FUTURE
                        ? StaticPaths.firstTypeArgument(m.getGenericReturnType()) : m.getGenericReturnType();
            case CHUNK:
                if (s != null && s.viaCallback() && !s.viaReturned()) {
                    Method chunk = onlyIfSingleArg(callbackType(m), s.onChunk());
                    return chunk == null ? Object.class : chunk.getGenericParameterTypes()[0];
                }
                if (s != null && s.viaIterable() && s.returns() == StreamConfig.Returns.FUTURE) {
                    // CompletableFuture<ResponseStream<Element>>: the element of the future's value
                    return StaticPaths.firstTypeArgument(StaticPaths.firstTypeArgument(m.getGenericReturnType()));
                }
                return StaticPaths.firstTypeArgument(m.getGenericReturnType());
            case COMPLETE_ARG:
                if (s == null) {
                    return null;
                }
                if (s.returns() == StreamConfig.Returns.FUTURE) {
                    return p.index() == 0 ? StaticPaths.firstTypeArgument(m.getGenericReturnType()) : null;
                }
                Class<?> cb = s.viaReturned() ? null : callbackType(m);
                Method complete = cb == null || s.onComplete().isEmpty() ? null : callbackMethod(cb, s.onComplete().get(0));
                if (complete == null) {
                    return Object.class;
                }
                return p.index() < complete.getParameterCount() ? complete.getGenericParameterTypes()[p.index()] : null;
            default:
                return null;
        }
    }

    private Class<?> callbackType(Method m) {
        int i = site.stream().callbackArg();
        return i < m.getParameterCount() ? m.getParameterTypes()[i] : null;
    }

    private static Method onlyIfSingleArg(Class<?> callback, List<String> names) {
        if (callback == null) {
            return null;
        }
        for (String name : names) {
            for (Method m : callback.getMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == 1) {
                    return m;
                }
            }
        }
        return null;
    }

    private void error(String message) {
        errors++;
        lines.add("  ERROR " + message);
    }

    private static String describe(Method m) {
        List<String> ps = new ArrayList<>();
        for (Class<?> p : m.getParameterTypes()) {
            ps.add(p.getSimpleName());
        }
        return m.getDeclaringClass().getName() + "#" + m.getName() + "(" + String.join(", ", ps) + ") -> "
                + m.getReturnType().getSimpleName();
    }
}
