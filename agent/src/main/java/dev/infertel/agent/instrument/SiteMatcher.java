package dev.infertel.agent.instrument;

import dev.infertel.agent.runtime.Site;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides which sites apply to a class: those configured with the class's own name, or with one of
 * its super classes or interfaces. Names are checked first; the hierarchy is resolved from class-file
 * headers (read through the defining loader) and cached per loader, so each type is read once.
 * JDK types end the walk: they match only when configured by their own name.
 */
final class SiteMatcher {

    private static final Set<String> NO_MATCH = Set.of();

    /** Internal class name to the sites configured with it. */
    private final Map<String, List<Site>> byClass = new HashMap<>();
    /** Per loader: internal type name to the configured names among the type and its supertypes. */
    private final Map<ClassLoader, Map<String, Set<String>>> resolved = new WeakHashMap<>();

    SiteMatcher(List<Site> sites) {
        for (Site site : sites) {
            byClass.computeIfAbsent(site.config().className().replace('.', '/'), k -> new ArrayList<>()).add(site);
        }
    }

    /** Sites that apply to the class whose header this is, defined by {@code loader}; empty when none. */
    List<Site> match(ClassLoader loader, ClassHeader header) {
        Set<String> configured = new HashSet<>();
        if (byClass.containsKey(header.name())) {
            configured.add(header.name());
        }
        Map<String, Set<String>> cache = cacheFor(loader);
        addSupertypes(loader, header, cache, configured);
        return sitesOf(configured);
    }

    /** Sites configured with exactly this internal name (for interfaces: their default methods). */
    List<Site> exact(String internalName) {
        return byClass.getOrDefault(internalName, List.of());
    }

    /** The same decision for a class that is already loaded (retransformation at start). */
    List<Site> match(Class<?> type) {
        Set<String> configured = new HashSet<>();
        collect(type, configured, new HashSet<>());
        return sitesOf(configured);
    }

    private void collect(Class<?> type, Set<String> configured, Set<Class<?>> seen) {
        if (type == null || !seen.add(type)) {
            return;
        }
        String name = type.getName().replace('.', '/');
        if (byClass.containsKey(name)) {
            configured.add(name);
        }
        collect(type.getSuperclass(), configured, seen);
        for (Class<?> i : type.getInterfaces()) {
            collect(i, configured, seen);
        }
    }

    private List<Site> sitesOf(Set<String> configured) {
        if (configured.isEmpty()) {
            return List.of();
        }
        List<Site> sites = new ArrayList<>();
        for (String name : configured) {
            sites.addAll(byClass.get(name));
        }
        return sites;
    }

    private void addSupertypes(ClassLoader loader, ClassHeader header, Map<String, Set<String>> cache,
                               Set<String> configured) {
        if (header.superName() != null) {
            configured.addAll(resolve(loader, header.superName(), cache));
        }
        for (String i : header.interfaces()) {
            configured.addAll(resolve(loader, i, cache));
        }
    }

    /** The configured names among {@code name} and its supertypes, as seen from {@code loader}. */
    private Set<String> resolve(ClassLoader loader, String name, Map<String, Set<String>> cache) {
        Set<String> known = cache.get(name);
        if (known != null) {
            return known;
        }
        if (isJdk(name)) {
            return byClass.containsKey(name) ? Set.of(name) : NO_MATCH;
        }
        // placeholder first: a cycle in broken class files ends here instead of recursing forever
        cache.put(name, NO_MATCH);
        ClassHeader header = read(loader, name);
        Set<String> configured = new HashSet<>();
        if (byClass.containsKey(name)) {
            configured.add(name);
        }
        if (header != null) {
            addSupertypes(loader, header, cache, configured);
        }
        Set<String> result = configured.isEmpty() ? NO_MATCH : Set.copyOf(configured);
        cache.put(name, result);
        return result;
    }

    /** The header of {@code name} as {@code loader} sees it, or null when it has none or it is unreadable. */
    static ClassHeader read(ClassLoader loader, String name) {
        String resource = name + ".class";
        try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(resource)
                : loader.getResourceAsStream(resource)) {
            return in == null ? null : ClassHeader.parse(in.readAllBytes());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private Map<String, Set<String>> cacheFor(ClassLoader loader) {
        synchronized (resolved) {
            return resolved.computeIfAbsent(loader, l -> new ConcurrentHashMap<>());
        }
    }

    static boolean isJdk(String internalName) {
        return internalName.startsWith("java/") || internalName.startsWith("javax/")
                || internalName.startsWith("jdk/") || internalName.startsWith("sun/")
                || internalName.startsWith("com/sun/");
    }
}
