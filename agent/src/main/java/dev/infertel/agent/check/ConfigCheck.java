package dev.infertel.agent.check;

import dev.infertel.agent.config.AgentConfig;
import dev.infertel.agent.config.ConfigException;
import dev.infertel.agent.config.ConfigParser;
import dev.infertel.agent.config.Presets;
import dev.infertel.agent.config.SiteConfig;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code check}: validates a config file and, given the application's class path, its sites against
 * the classes there, loaded (never initialized) in a throwaway class loader. Exit code 0 when nothing
 * is wrong, 1 otherwise; a user site whose class is missing is wrong, a preset site is only skipped.
 */
public final class ConfigCheck {

    private ConfigCheck() {
    }

    public static int run(Path configFile, String classPath, PrintStream out) {
        AgentConfig config;
        try {
            config = ConfigParser.parse(configFile);
        } catch (ConfigException e) {
            out.println("ERROR " + e.getMessage());
            out.println("check: the config is not valid; the agent would stay off");
            return 1;
        }
        out.println("config " + configFile + ": valid; " + config.sites().size() + " site(s)"
                + (config.presets().isEmpty() ? "" : ", presets " + config.presets())
                + ", nested calls: " + config.nested().name().toLowerCase() + ", queue " + config.queue().dir());
        if (classPath == null) {
            for (SiteConfig s : config.sites()) {
                out.println("site " + s.name() + ": " + s.className() + "#" + s.method());
            }
            out.println("check: ok (give --classpath to check the sites against the application's classes)");
            return 0;
        }
        Set<SiteConfig> fromPresets = new HashSet<>();
        for (String preset : config.presets()) {
            try {
                fromPresets.addAll(Presets.load(preset).sites());
            } catch (ConfigException e) {
                out.println("ERROR " + e.getMessage());
                return 1;
            }
        }
        int errors = 0;
        int skipped = 0;
        try (URLClassLoader loader = new URLClassLoader("telemetry-check", urls(classPath), ClassLoader.getPlatformClassLoader())) {
            for (SiteConfig site : config.sites()) {
                SiteCheck.Result r = SiteCheck.run(site, loader);
                boolean preset = fromPresets.contains(site);
                if (r.absent()) {
                    if (preset) {
                        skipped++;
                        out.println("site " + site.name() + ": skipped, " + r.lines().get(0) + " (a preset site: "
                                + "it stays inactive)");
                    } else {
                        errors++;
                        out.println("site " + site.name() + ":");
                        out.println("  ERROR class " + site.className() + " is not on the class path");
                    }
                    continue;
                }
                errors += r.errors();
                out.println("site " + site.name() + (preset ? " (preset)" : "") + ":");
                r.lines().forEach(l -> out.println(l.startsWith(" ") ? l : "  " + l));
            }
        } catch (IOException e) {
            out.println("ERROR cannot read the class path: " + e.getMessage());
            return 1;
        }
        out.println("check: " + errors + " error(s), " + skipped + " preset site(s) skipped");
        return errors == 0 ? 0 : 1;
    }

    private static URL[] urls(String classPath) throws IOException {
        List<URL> urls = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            if (entry.endsWith("/*") || entry.equals("*")) {
                File dir = new File(entry.length() == 1 ? "." : entry.substring(0, entry.length() - 2));
                File[] jars = dir.listFiles((d, n) -> n.endsWith(".jar"));
                if (jars != null) {
                    for (File jar : jars) {
                        urls.add(jar.toURI().toURL());
                    }
                }
                continue;
            }
            urls.add(new File(entry).toURI().toURL());
        }
        return urls.toArray(new URL[0]);
    }
}
