package dev.infertel.agent.instrument;

import dev.infertel.agent.config.SiteConfig;
import dev.infertel.agent.log.AgentLog;
import dev.infertel.agent.runtime.Site;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.pool.TypePool;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Inlines the sites' advice into one class's bytes. The class keeps its shape (no new members, no
 * changed signatures), which is what retransforming an already-loaded class allows, and what keeps
 * reflection-heavy applications and frameworks unaware of the agent.
 */
final class Weaver {

    /** Created on first use: building it loads much of Byte Buddy, which premain should not wait for. */
    private static final class Configured {
        static final ByteBuddy BYTE_BUDDY = new ByteBuddy()
                .with(TypeValidation.DISABLED)
                .with(Implementation.Context.Disabled.Factory.INSTANCE)
                .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE);
    }

    private final AgentLog log;
    /** Parsed advice per site: parsing an advice class costs more than applying it. */
    private final Map<Integer, Advice> advice = new ConcurrentHashMap<>();

    Weaver(AgentLog log) {
        this.log = log;
    }

    byte[] weave(ClassLoader loader, String binaryName, byte[] bytes, List<Site> sites) {
        return weave(loader, binaryName, bytes, sites, false);
    }

    /** {@code iterable}: the class is an {@code iterable_class}, its iterator() and close() are woven too. */
    byte[] weave(ClassLoader loader, String binaryName, byte[] bytes, List<Site> sites, boolean iterable) {
        ClassFileLocator locator = new ClassFileLocator.Compound(
                ClassFileLocator.Simple.of(binaryName, bytes), ClassFileLocator.ForClassLoader.of(loader));
        TypePool pool = TypePool.Default.of(locator);
        TypeDescription type = pool.describe(binaryName).resolve();
        DynamicType.Builder<?> builder = Configured.BYTE_BUDDY.decorate(type, locator);
        for (Site site : sites) {
            Instrumenter.SiteTransformer transformer = new Instrumenter.SiteTransformer(site, log);
            Advice siteAdvice = advice.computeIfAbsent(site.id(),
                    id -> Advice.withCustomMapping().bind(SiteId.class, id).to(transformer.advice()));
            builder = builder.visit(siteAdvice.on(transformer.fitting(type)));
        }
        if (iterable) {
            builder = builder
                    .visit(Advice.to(IterableAdvice.IteratorExit.class).on(named("iterator").and(takesArguments(0))
                            .and(not(isAbstract())).and(returns(named("java.util.Iterator")))))
                    .visit(Advice.to(IterableAdvice.CloseExit.class).on(named("close").and(takesArguments(0))
                            .and(not(isAbstract()))));
        }
        return builder.make(pool).getBytes();
    }

    /** Weaves a class of the agent's own once and throws the result away: loads and warms Byte Buddy. */
    void warmUp() {
        try (InputStream in = Weaver.class.getResourceAsStream("WarmUpTarget.class")) {
            if (in == null) {
                return;
            }
            byte[] bytes = in.readAllBytes();
            SiteConfig config = new SiteConfig("telemetry-warm-up", WarmUpTarget.class.getName(), "complete",
                    null, null, null, null, null, null, null, null, null, 0);
            Site site = Site.detached(config);
            new Weaver(log).weave(Weaver.class.getClassLoader(), WarmUpTarget.class.getName(), bytes, List.of(site));
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
