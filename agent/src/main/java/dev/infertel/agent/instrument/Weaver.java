package dev.infertel.agent.instrument;

import dev.infertel.agent.config.SiteConfig;
import dev.infertel.agent.config.StreamConfig;
import dev.infertel.agent.log.AgentLog;
import dev.infertel.agent.runtime.Site;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.bytebuddy.jar.asm.Type;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Inlines the sites' bridge calls into one class's bytes ({@link BridgeWeaver}), choosing the methods:
 * the configured name (and parameter types, when given), not abstract, not a bridge, and of a shape the
 * site can time (an interface callback argument, a return type the wrapper can stand in for). Types
 * are checked from class-file headers read through the class's loader: nothing is loaded.
 */
final class Weaver {

    /** Declared return types a publisher site can time while giving the caller the same type. */
    static final List<String> PUBLISHER_TYPES = List.of("org.reactivestreams.Publisher",
            "java.util.concurrent.Flow$Publisher", "reactor.core.publisher.Flux", "reactor.core.publisher.Mono");
    private static final String COMPLETION_STAGE = "java/util/concurrent/CompletionStage";

    private final AgentLog log;

    Weaver(AgentLog log) {
        this.log = log;
    }

    /** The woven bytes, or null when no method of the class fits any of the sites. */
    byte[] weave(ClassLoader loader, String binaryName, byte[] bytes, List<Site> sites) {
        return weave(loader, binaryName, bytes, sites, false);
    }

    /**
     * As {@link #weave(ClassLoader, String, byte[], List)}; {@code iterable}: the class is an
     * {@code iterable_class}, whose iterator() and close() are woven too.
     */
    byte[] weave(ClassLoader loader, String binaryName, byte[] bytes, List<Site> sites, boolean iterable) {
        byte[] current = bytes;
        boolean changed = false;
        for (Site site : sites) {
            byte[] woven = BridgeWeaver.weave(current, site,
                    (owner, access, name, descriptor) -> chosen(loader, binaryName, site, name, descriptor));
            if (woven != null) {
                current = woven;
                changed = true;
            }
        }
        if (iterable) {
            byte[] woven = BridgeWeaver.weaveIterableHandle(current);
            if (woven != null) {
                log.debug("instrumenting " + binaryName + "#iterator/close as an iterable_class");
                current = woven;
                changed = true;
            }
        }
        return changed ? current : null;
    }

    private boolean chosen(ClassLoader loader, String type, Site site, String name, String descriptor) {
        SiteConfig c = site.config();
        if (!name.equals(c.method())) {
            return false;
        }
        Type[] params = Type.getArgumentTypes(descriptor);
        if (c.params() != null && !sameParameters(params, c.params())) {
            return false;
        }
        if (!fits(loader, type, site, name, params, Type.getReturnType(descriptor))) {
            return false;
        }
        log.debug("instrumenting " + type + "#" + name + " for site " + site.name());
        site.noteWoven();
        return true;
    }

    private static boolean sameParameters(Type[] params, List<String> configured) {
        if (params.length != configured.size()) {
            return false;
        }
        for (int i = 0; i < params.length; i++) {
            String want = configured.get(i);
            // "java.lang.String[]" as written in Java, or "[Ljava.lang.String;" as Class.getName() has it
            if (!params[i].getClassName().equals(want)
                    && !params[i].getDescriptor().replace('/', '.').equals(want)) {
                return false;
            }
        }
        return true;
    }

    private boolean fits(ClassLoader loader, String type, Site site, String method, Type[] params, Type returned) {
        StreamConfig stream = site.config().stream();
        if (stream == null) {
            return true;
        }
        if (stream.viaReturned()) {
            boolean ok = isObject(returned) || isInterface(loader, returned);
            if (!ok) {
                log.once("via-" + site.name() + type, "site " + site.name() + ": " + type + "#" + method
                        + " returns the class " + returned.getClassName() + "; 'via' needs an interface return type;"
                        + " not instrumented");
            }
            return ok;
        }
        if (stream.viaCallback()) {
            if (stream.callbackArg() >= params.length) {
                log.once("arity-" + site.name() + type, "site " + site.name() + ": " + type + "#" + method
                        + " has no argument " + stream.callbackArg() + "; not instrumented");
                return false;
            }
            Type callback = params[stream.callbackArg()];
            if (!isInterface(loader, callback)) {
                log.once("cbtype-" + site.name() + type, "site " + site.name() + ": callback type "
                        + callback.getClassName() + " is not an interface; only interface callbacks can be tapped");
                return false;
            }
            site.noteCallbackType(type, callback.getClassName());
            return true;
        }
        String expected = switch (stream.returns()) {
            case ITERATOR -> "java.util.Iterator";
            case STREAM -> "java.util.stream.Stream";
            case FUTURE -> "java.util.concurrent.CompletionStage";
            case PUBLISHER -> String.join(", ", PUBLISHER_TYPES);
            case ITERABLE -> stream.iterableClass();
        };
        boolean ok = (returned.getSort() == Type.OBJECT || returned.getSort() == Type.ARRAY) && switch (stream.returns()) {
            case FUTURE -> isAssignableTo(loader, returned.getInternalName(), COMPLETION_STAGE, new HashSet<>());
            // the handle is returned as it is: the method may declare its class or a supertype of it
            case ITERABLE -> true;
            // the wrapper keeps these types: a Flux stays a Flux, a Mono a Mono
            case PUBLISHER -> PUBLISHER_TYPES.contains(returned.getClassName()) || isObject(returned);
            default -> returned.getClassName().equals(expected) || isObject(returned);
        };
        if (!ok) {
            log.once("rettype-" + site.name() + type, "site " + site.name() + ": " + type + "#" + method
                    + " returns " + returned.getClassName() + ", not " + expected + "; not instrumented");
        }
        return ok;
    }

    private static boolean isObject(Type type) {
        return type.getSort() == Type.OBJECT && type.getInternalName().equals("java/lang/Object");
    }

    private static boolean isInterface(ClassLoader loader, Type type) {
        if (type.getSort() != Type.OBJECT) {
            return false;
        }
        ClassHeader header = SiteMatcher.read(loader, type.getInternalName());
        return header != null && header.isInterface();
    }

    private static boolean isAssignableTo(ClassLoader loader, String name, String target, Set<String> seen) {
        if (name.equals(target)) {
            return true;
        }
        if (!seen.add(name)) {
            return false;
        }
        ClassHeader header = SiteMatcher.read(loader, name);
        if (header == null) {
            return false;
        }
        if (header.superName() != null && isAssignableTo(loader, header.superName(), target, seen)) {
            return true;
        }
        for (String i : header.interfaces()) {
            if (isAssignableTo(loader, i, target, seen)) {
                return true;
            }
        }
        return false;
    }

    /** Weaves a class of the agent's own once and throws the result away: loads and warms the weaver. */
    void warmUp() {
        try (InputStream in = Weaver.class.getResourceAsStream("Weaver$WarmUpTarget.class")) {
            if (in == null) {
                return;
            }
            byte[] bytes = in.readAllBytes();
            SiteConfig config = new SiteConfig("telemetry-warm-up", WarmUpTarget.class.getName(), "complete",
                    null, null, null, null, null, null, null, null, null, 0);
            weave(Weaver.class.getClassLoader(), WarmUpTarget.class.getName(), bytes, List.of(Site.detached(config)));
        } catch (IOException | RuntimeException | LinkageError e) {
            log.debug("warm-up of the weaver failed: " + e);
        }
    }

    /** Only ever woven into a throwaway copy, never loaded woven. */
    static final class WarmUpTarget {
        String complete(String model, String prompt) {
            return model + prompt;
        }
    }
}
