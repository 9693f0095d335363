package dev.infertel.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium for rendering reports. Uses one on the PATH; else, as root with apt-get (CI),
 * installs Debian's {@code chromium} package once; else the calling test is skipped, saying why.
 */
final class Chromium {

    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");
    private static Path found;
    private static String why;

    private Chromium() {
    }

    static synchronized Path require() throws IOException, InterruptedException {
        if (found == null && why == null) {
            found = onPath();
            if (found == null) {
                why = install();
                found = onPath();
            }
        }
        assumeTrue(found != null, "Chromium is not installed and could not be installed (" + why
                + "); the report rendering test is skipped. Install it with: apt-get install -y chromium");
        return found;
    }

    private static Path onPath() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : NAMES) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    private static String install() throws IOException, InterruptedException {
        if (!"root".equals(System.getProperty("user.name")) || onPathNamed("apt-get") == null) {
            return "not root with apt-get";
        }
        for (List<String> command : List.of(List.of("apt-get", "install", "-y", "chromium"),
                List.of("sh", "-c", "apt-get update && apt-get install -y chromium"))) {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return "apt-get did not finish in 10 minutes";
            }
            if (p.exitValue() == 0) {
                return null;
            }
        }
        return "apt-get install -y chromium failed";
    }

    private static Path onPathNamed(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Renders {@code html} to a PNG of {@code width} x {@code height} CSS pixels at scale 1. */
    static Path screenshot(Path html, Path png, int width, int height) throws IOException, InterruptedException {
        Path chromium = require();
        Path profile = Files.createTempDirectory(png.getParent(), "chromium-profile-");
        List<String> command = List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--force-device-scale-factor=1", "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height, "--screenshot=" + png.toAbsolutePath(),
                html.toUri().toString());
        Path log = png.resolveSibling(png.getFileName() + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("chromium did not finish in 120 s: " + Files.readString(log));
        }
        if (p.exitValue() != 0 || !Files.isRegularFile(png)) {
            throw new AssertionError("chromium failed (exit " + p.exitValue() + "): " + Files.readString(log));
        }
        return png;
    }
}
