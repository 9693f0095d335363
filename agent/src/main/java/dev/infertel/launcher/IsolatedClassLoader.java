package dev.infertel.launcher;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the agent and its libraries from the {@code inst/} folder of the agent jar, where classes
 * are stored as {@code .classdata} so that nothing else on the class path can see them.
 *
 * <p>Delegation: our own entries first (so another Jackson or Byte Buddy of the application never
 * wins), then the parent (the platform loader for the JDK), and only for the bridge and JDK tool
 * packages the application's loader. Application classes are never visible by name.
 *
 * <p>Two parts: the core, and below it the GPU part (JNA, the NVML binding and its adapter). JNA
 * stays out of the core so that libraries probing for it (Chronicle's thread affinity) do not load
 * native code on a machine that has no GPU.
 */
final class IsolatedClassLoader extends ClassLoader {

    enum Part { CORE, GPU }

    private static final String[] GPU_PACKAGES = {"com/sun/jna/", "dev/infertel/nvml/", "dev/infertel/agent/gpu/"};

    static {
        registerAsParallelCapable();
    }

    private static final String PREFIX = "inst/";

    private final JarFile jar;
    private final String jarUrl;
    private final ProtectionDomain domain;
    /** Where the bridge lives when it is not in the boot loader (the CLI); null for the agent. */
    private final ClassLoader bridgeLoader;
    private final Part part;

    IsolatedClassLoader(JarFile agentJar, File agentJarFile, ClassLoader parent, ClassLoader bridgeLoader, Part part)
            throws IOException {
        super(part == Part.CORE ? "telemetry-agent" : "telemetry-agent-gpu", parent);
        this.jar = agentJar;
        this.part = part;
        this.jarUrl = agentJarFile.toURI().toURL().toString();
        this.bridgeLoader = bridgeLoader;
        URL location = agentJarFile.toURI().toURL();
        this.domain = new ProtectionDomain(new CodeSource(location, (Certificate[]) null), null, this, null);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = loadOwnOrDelegate(name);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    private Class<?> loadOwnOrDelegate(String name) throws ClassNotFoundException {
        if (name.startsWith("dev.infertel.bootstrap.")) {
            return Class.forName(name, false, bridgeLoader);
        }
        String path = name.replace('.', '/');
        JarEntry entry = owns(path) ? jar.getJarEntry(PREFIX + path + ".classdata") : null;
        if (entry != null) {
            return define(name, entry);
        }
        try {
            return getParent().loadClass(name);
        } catch (ClassNotFoundException e) {
            // JDK modules mapped to the application loader (jdk.compiler, used by Chronicle)
            if (name.startsWith("com.sun.tools.") || name.startsWith("com.sun.source.") || name.startsWith("jdk.")) {
                return ClassLoader.getSystemClassLoader().loadClass(name);
            }
            throw e;
        }
    }

    private Class<?> define(String name, JarEntry entry) throws ClassNotFoundException {
        byte[] bytes;
        try (InputStream in = jar.getInputStream(entry)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            String pkg = name.substring(0, dot);
            if (getDefinedPackage(pkg) == null) {
                try {
                    definePackage(pkg, null, null, null, null, null, null, null);
                } catch (IllegalArgumentException raced) {
                    // defined by another thread meanwhile
                }
            }
        }
        return defineClass(name, bytes, 0, bytes.length, domain);
    }

    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : getParent().getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        URL own = findResource(name);
        return own != null ? Collections.enumeration(Collections.singletonList(own)) : getParent().getResources(name);
    }

    /**
     * Straight from the open jar: Byte Buddy reads the advice classes this way, and a {@code jar:} URL
     * would open the agent jar a second time through the URL handlers.
     */
    @Override
    public InputStream getResourceAsStream(String name) {
        String entryName = ownEntry(name);
        JarEntry entry = entryName == null ? null : jar.getJarEntry(entryName);
        if (entry == null) {
            return super.getResourceAsStream(name);
        }
        try {
            return jar.getInputStream(entry);
        } catch (IOException e) {
            return null;
        }
    }

    /** The jar entry of one of our resources, or null when the name is not ours. */
    private String ownEntry(String name) {
        String path = name.startsWith("/") ? name.substring(1) : name;
        if (!owns(path)) {
            return null;
        }
        return PREFIX + (path.endsWith(".class")
                ? path.substring(0, path.length() - ".class".length()) + ".classdata"
                : path);
    }

    @Override
    protected URL findResource(String name) {
        String entryName = ownEntry(name);
        if (entryName == null || jar.getEntry(entryName) == null) {
            return null;
        }
        try {
            return new URL("jar:" + jarUrl + "!/" + entryName);
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean owns(String path) {
        boolean gpu = false;
        for (String p : GPU_PACKAGES) {
            gpu |= path.startsWith(p);
        }
        return gpu == (part == Part.GPU);
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL own = findResource(name);
        return own == null ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singletonList(own));
    }
}
