package dev.infertel.launcher;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.util.jar.JarFile;

/**
 * Entry point of telemetry-agent.jar, loaded by the system class loader. It only knows the JDK:
 * it puts the bridge into the boot class loader and hands over to the agent proper, which lives
 * hidden under {@code inst/} in an {@link IsolatedClassLoader} so its libraries never meet the
 * application's.
 */
public final class AgentLauncher {

    private static final String AGENT_MAIN = "dev.infertel.agent.AgentMain";
    private static final String CLI_MAIN = "dev.infertel.agent.cli.Cli";

    private AgentLauncher() {
    }

    public static void premain(String args, Instrumentation inst) {
        start(args, inst);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst);
    }

    /** {@code java -jar telemetry-agent.jar COMMAND ...}: the reader and tools. */
    public static void main(String[] args) throws Throwable {
        File file = agentJar();
        IsolatedClassLoader loader = new IsolatedClassLoader(new JarFile(file, false), file,
                ClassLoader.getPlatformClassLoader(), AgentLauncher.class.getClassLoader(), IsolatedClassLoader.Part.CORE);
        Thread.currentThread().setContextClassLoader(loader);
        int code;
        try {
            code = (Integer) loader.loadClass(CLI_MAIN).getMethod("run", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        System.exit(code);
    }

    private static void start(String args, Instrumentation inst) {
        try {
            File file = agentJar();
            JarFile jar = new JarFile(file, false);
            BootstrapInjector.inject(inst, jar);
            IsolatedClassLoader core = new IsolatedClassLoader(jar, file, ClassLoader.getPlatformClassLoader(), null,
                    IsolatedClassLoader.Part.CORE);
            IsolatedClassLoader gpu = new IsolatedClassLoader(jar, file, core, null, IsolatedClassLoader.Part.GPU);
            Class<?> main = core.loadClass(AGENT_MAIN);
            main.getMethod("start", String.class, Instrumentation.class, ClassLoader.class)
                    .invoke(null, args, inst, gpu);
        } catch (Throwable t) {
            Throwable cause = t instanceof InvocationTargetException && t.getCause() != null ? t.getCause() : t;
            System.err.println("[telemetry-agent] could not start, the application runs without telemetry: " + cause);
        }
    }

    private static File agentJar() throws Exception {
        return new File(AgentLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
