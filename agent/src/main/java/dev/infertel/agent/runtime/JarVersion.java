package dev.infertel.agent.runtime;

import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Enumeration;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version of the library a class comes from, resolved once per class: the package's
 * Implementation-Version, else the version in the jar's file name ({@code openai-java-core-4.101.0.jar}),
 * else the jar's Maven pom.properties. Null when none says.
 */
final class JarVersion {

    private static final Pattern FILE_VERSION = Pattern.compile("-(\\d+(?:\\.\\d+)+(?:[-.][A-Za-z0-9]+)*)\\.jar$");

    private static final ClassValue<String> VERSIONS = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            try {
                return resolve(type);
            } catch (Throwable e) {
                return null;
            }
        }
    };

    private JarVersion() {
    }

    static String of(Class<?> type) {
        return VERSIONS.get(type);
    }

    private static String resolve(Class<?> type) throws Exception {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        Package pkg = type.getPackage();
        if (pkg != null && pkg.getImplementationVersion() != null) {
            return pkg.getImplementationVersion();
        }
        if (location == null || !"file".equals(location.getProtocol())) {
            return null;
        }
        Path file = Path.of(location.toURI());
        if (!file.toString().endsWith(".jar")) {
            return null;
        }
        String name = file.getFileName().toString();
        // a jar as Maven and Gradle lay it out names its version: no need to scan a large jar's entries
        Matcher named = FILE_VERSION.matcher(name);
        if (named.find()) {
            return named.group(1);
        }
        try (JarFile jar = new JarFile(file.toFile(), false)) {
            String fallback = null;
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (entry.getName().startsWith("META-INF/maven/") && entry.getName().endsWith("/pom.properties")) {
                    Properties p = new Properties();
                    try (var in = jar.getInputStream(entry)) {
                        p.load(in);
                    }
                    String version = p.getProperty("version");
                    if (version != null && name.startsWith(p.getProperty("artifactId", "?") + "-")) {
                        return version;
                    }
                    fallback = fallback == null ? version : fallback;
                }
            }
            return fallback;
        }
    }
}
