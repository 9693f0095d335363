package dev.infertel.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Puts the bridge ({@code dev.infertel.bootstrap}) into the boot class loader, where instrumented code
 * in any class loader can see it. Defining the few classes directly keeps class data sharing on for
 * the application (appending a jar to the boot class path switches it off for every other loader and
 * makes the JVM print a warning); appending the jar remains the fallback.
 */
final class BootstrapInjector {

    private static final String BRIDGE_PACKAGE = "dev/infertel/bootstrap/";

    private BootstrapInjector() {
    }

    static void inject(Instrumentation inst, JarFile jar) throws IOException {
        List<JarEntry> entries = new ArrayList<>();
        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
            JarEntry entry = e.nextElement();
            if (entry.getName().startsWith(BRIDGE_PACKAGE) && entry.getName().endsWith(".class")) {
                entries.add(entry);
            }
        }
        try {
            inst.redefineModule(Object.class.getModule(), Set.of(), Map.of(),
                    Map.of("java.lang", Set.of(BootstrapInjector.class.getModule())), Set.of(), Map.of());
            Method define = ClassLoader.class.getDeclaredMethod("defineClass1", ClassLoader.class, String.class,
                    byte[].class, int.class, int.class, ProtectionDomain.class, String.class);
            define.setAccessible(true);
            for (JarEntry entry : entries) {
                String name = entry.getName().substring(0, entry.getName().length() - ".class".length()).replace('/', '.');
                if (isDefined(name)) {
                    continue;
                }
                byte[] bytes;
                try (InputStream in = jar.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                define.invoke(null, null, name, bytes, 0, bytes.length, null, null);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            inst.appendToBootstrapClassLoaderSearch(jar);
        }
    }

    private static boolean isDefined(String name) {
        try {
            Class.forName(name, false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
