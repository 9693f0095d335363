package dev.infertel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code report} on the records of {@link StatsCliTest}'s agent run: a self-contained HTML file,
 * rendered by headless Chromium, whose screenshot shows every chart with marks in its plot area.
 */
class ReportRenderTest {

    /** Plot-area frame and background colours of the report's charts (Chart.FRAME, Chart.BACKGROUND). */
    static final int FRAME = 0x2b3a67;
    static final int BACKGROUND = 0xf6f7fb;
    static final int GRID = 0xe4e7f0;
    static final int FIRST_SERIES = 0x1f77b4;

    static Path html;
    static String text;

    @BeforeAll
    static void writeTheReport() throws Exception {
        if (StatsCliTest.dir == null) {
            StatsCliTest.record();
        }
        Path dir = StatsCliTest.dir;
        html = dir.resolve("out/report.html");
        // the last hour only: the other host's January calls would squeeze the time axes
        ChildJvm.Result r = ChildJvm.current().agentCli("report", "--out", html.toString(), "--by", "site,exit",
                "--queue", dir.resolve("queue").toString(), StatsCliTest.otherHost.toString(),
                StatsCliTest.otherHostGz.toString(), "--config", dir.resolve("telemetry.yaml").toString(),
                "--since", "1h").run(dir, "report");
        assertEquals(0, r.exitCode(), r::describe);
        assertTrue(r.stdout().contains("6 group(s)"), r::describe);
        text = Files.readString(html, StandardCharsets.UTF_8);
    }

    @Test
    void theReportIsOneFileThatNeedsNoNetwork() {
        assertFalse(text.contains("<script"), "no script");
        assertFalse(text.contains("src="), "no external images or scripts");
        assertFalse(text.contains("href="), "no links or stylesheets");
        assertFalse(text.contains("url("), "no fetched CSS resources");
        assertEquals(text.split("http").length - 1, text.split("xmlns=\"http://www.w3.org/2000/svg\"").length - 1,
                "the only URLs are SVG namespace names");
        assertTrue(text.contains("<td class=\"k\">acme-stream</td><td class=\"k\">ok</td>"), "the stats table");
        assertFalse(text.contains(AcmeRun.MARKER), "no prompt text");
    }

    @Test
    void chromiumRendersEveryChartWithMarksInIt() throws Exception {
        Path png = Chromium.screenshot(html, html.resolveSibling("report.png"), 1300, 2400);
        BufferedImage image = ImageIO.read(png.toFile());
        List<int[]> charts = framedRegions(image);
        int expected = StatsCliTest.gpu ? 7 : 5;
        assertEquals(expected, charts.size(), () -> "chart frames found: " + describe(charts) + " in " + png);
        for (int[] box : charts) {
            long ink = inkInside(image, box);
            assertTrue(ink > 100, () -> "chart at " + describe(List.of(box)) + " is blank (" + ink + " marked pixels) in " + png);
        }
        assertTrue(count(image, FIRST_SERIES) > 200, "the first group's colour is drawn");
    }

    /** Bounding boxes {x0, y0, x1, y1} of the connected frame-coloured outlines at least 200 x 100 px. */
    static List<int[]> framedRegions(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        boolean[] seen = new boolean[w * h];
        List<int[]> boxes = new ArrayList<>();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (seen[y * w + x] || !close(image.getRGB(x, y), FRAME, 12)) {
                    continue;
                }
                int[] box = {x, y, x, y};
                ArrayDeque<int[]> todo = new ArrayDeque<>();
                todo.add(new int[] {x, y});
                seen[y * w + x] = true;
                while (!todo.isEmpty()) {
                    int[] p = todo.poll();
                    box[0] = Math.min(box[0], p[0]);
                    box[1] = Math.min(box[1], p[1]);
                    box[2] = Math.max(box[2], p[0]);
                    box[3] = Math.max(box[3], p[1]);
                    for (int[] d : new int[][] {{1, 0}, {-1, 0}, {0, 1}, {0, -1}}) {
                        int nx = p[0] + d[0];
                        int ny = p[1] + d[1];
                        if (nx >= 0 && ny >= 0 && nx < w && ny < h && !seen[ny * w + nx] && close(image.getRGB(nx, ny), FRAME, 12)) {
                            seen[ny * w + nx] = true;
                            todo.add(new int[] {nx, ny});
                        }
                    }
                }
                if (box[2] - box[0] >= 200 && box[3] - box[1] >= 100) {
                    boxes.add(box);
                }
            }
        }
        return boxes;
    }

    /** Pixels inside the frame that are neither background, grid nor frame: lines, dots, bars. */
    static long inkInside(BufferedImage image, int[] box) {
        long ink = 0;
        for (int y = box[1] + 2; y < box[3] - 1; y++) {
            for (int x = box[0] + 2; x < box[2] - 1; x++) {
                int rgb = image.getRGB(x, y);
                if (!close(rgb, BACKGROUND, 40) && !close(rgb, GRID, 40) && !close(rgb, FRAME, 12) && !close(rgb, 0xffffff, 40)) {
                    ink++;
                }
            }
        }
        return ink;
    }

    static long count(BufferedImage image, int color) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                n += close(image.getRGB(x, y), color, 10) ? 1 : 0;
            }
        }
        return n;
    }

    static boolean close(int rgb, int color, int tolerance) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((rgb >> shift) & 0xff) - ((color >> shift) & 0xff)) > tolerance) {
                return false;
            }
        }
        return true;
    }

    static String describe(List<int[]> boxes) {
        StringBuilder b = new StringBuilder();
        for (int[] box : boxes) {
            b.append(String.format("[%d,%d %dx%d] ", box[0], box[1], box[2] - box[0], box[3] - box[1]));
        }
        return b.toString();
    }
}
