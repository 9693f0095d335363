package dev.infertel.agent.queue;

import java.lang.instrument.Instrumentation;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Chronicle reaches into JDK internals. Instead of asking users for a dozen --add-opens/--add-exports
 * flags, the agent grants exactly those to its own (unnamed) module through
 * {@link Instrumentation#redefineModule}; the application's modules are not touched.
 */
public final class ModuleGrants {

    private ModuleGrants() {
    }

    public static void grantChronicleAccess(Instrumentation inst, Module agent) {
        Module base = Object.class.getModule();
        inst.redefineModule(base, Set.of(),
                to(agent, "jdk.internal.ref", "sun.nio.ch", "jdk.internal.misc"),
                to(agent, "java.lang", "java.lang.reflect", "java.io", "java.util", "java.nio", "sun.nio.ch",
                        "jdk.internal.misc"),
                Set.of(), Map.of());
        Optional<Module> unsupported = ModuleLayer.boot().findModule("jdk.unsupported");
        unsupported.ifPresent(m -> inst.redefineModule(m, Set.of(), to(agent, "sun.misc"), to(agent, "sun.misc"),
                Set.of(), Map.of()));
        // A JRE without the compiler is fine: Chronicle only needs it for code generation we do not use.
        ModuleLayer.boot().findModule("jdk.compiler").ifPresent(m -> inst.redefineModule(m, Set.of(),
                to(agent, "com.sun.tools.javac.file"), to(agent, "com.sun.tools.javac"), Set.of(), Map.of()));
    }

    /**
     * From JDK 24 the first use of sun.misc.Unsafe's memory methods prints a multi-line warning on the
     * application's stderr, once per JVM. Chronicle is such a user; the agent marks that one warning as
     * already given. (A JDK without the flag has nothing to quiet.)
     */
    public static void quietUnsafeWarning() {
        try {
            java.lang.reflect.Field warned = Class.forName("sun.misc.Unsafe").getDeclaredField("memoryAccessWarned");
            warned.setAccessible(true);
            warned.setBoolean(null, true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // before JDK 24, or a JDK that changed it: the warning may show, nothing else changes
        }
    }

    private static Map<String, Set<Module>> to(Module agent, String... packages) {
        Map<String, Set<Module>> grants = new HashMap<>();
        for (String p : packages) {
            grants.put(p, Set.of(agent));
        }
        return grants;
    }
}
