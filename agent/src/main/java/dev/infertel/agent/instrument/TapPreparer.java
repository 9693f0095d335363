package dev.infertel.agent.instrument;

import dev.infertel.agent.log.AgentLog;
import dev.infertel.agent.runtime.Site;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Generates callback taps in the background as soon as a woven class is defined: generating and
 * defining one takes a few milliseconds the first time (class loading, the JIT still cold), which would
 * otherwise land on the application's first streamed call. The class is found among the loader's classes, never loaded from here, so no
 * second definition can race the application's own.
 */
final class TapPreparer implements AutoCloseable {

    private static final int ATTEMPTS = 40;
    private static final long PAUSE_MILLIS = 25;

    private final Instrumentation inst;
    private final AgentLog log;
    private final ExecutorService executor;

    TapPreparer(Instrumentation inst, AgentLog log) {
        this.inst = inst;
        this.log = log;
        this.executor = new ThreadPoolExecutor(0, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "telemetry-tap-prep");
            t.setDaemon(true);
            return t;
        });
    }

    /** Called while {@code className} is being defined by {@code loader}. */
    void prepareWhenDefined(ClassLoader loader, String className, List<Site> sites) {
        if (sites.stream().noneMatch(s -> s.kind() == Site.Kind.CALLBACK)) {
            return;
        }
        executor.execute(() -> {
            try {
                for (int i = 0; i < ATTEMPTS; i++) {
                    Thread.sleep(PAUSE_MILLIS);
                    Class<?> defined = find(loader, className);
                    if (defined != null) {
                        for (Site site : sites) {
                            site.prepareTap(defined);
                        }
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable t) {
                log.debug("could not prepare the callback tap of " + className + ": " + t);
            }
        });
    }

    private Class<?> find(ClassLoader loader, String className) {
        for (Class<?> c : inst.getInitiatedClasses(loader)) {
            if (c.getName().equals(className) && c.getClassLoader() == loader) {
                return c;
            }
        }
        return null;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
