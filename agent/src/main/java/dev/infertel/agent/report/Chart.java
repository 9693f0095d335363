package dev.infertel.agent.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * One inline SVG chart: a framed plot area with axes, ticks and a legend, and the marks added to
 * it. Plot areas have a fixed background and frame colour (crisp edges), so a rendered report can be
 * checked for charts by looking for those frames and the marks inside them.
 */
final class Chart {

    static final int WIDTH = 600;
    static final int HEIGHT = 320;
    static final String BACKGROUND = "#f6f7fb";
    static final String FRAME = "#2b3a67";
    static final String GRID = "#e4e7f0";
    static final String[] PALETTE = {"#1f77b4", "#e6550d", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
        "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"};
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    static final double LEFT = 64;
    static final double RIGHT = WIDTH - 16;
    static final double TOP = 34;
    static final double BOTTOM = HEIGHT - 70;

    private final StringBuilder marks = new StringBuilder();
    private final String title;
    private final String xTitle;
    private final String yTitle;
    private Axis x;
    private Axis y;
    private DoubleFunction<String> xLabel = Axis::label;
    private List<String> legend = List.of();

    Chart(String title, String xTitle, String yTitle) {
        this.title = title;
        this.xTitle = xTitle;
        this.yTitle = yTitle;
    }

    static String color(int i) {
        return PALETTE[i % PALETTE.length];
    }

    Chart x(Axis axis) {
        this.x = axis;
        return this;
    }

    Chart y(Axis axis) {
        this.y = axis;
        return this;
    }

    /** X values are epoch milliseconds, labelled as UTC clock times. */
    Chart timeX() {
        this.xLabel = v -> CLOCK.format(Instant.ofEpochMilli((long) v));
        return this;
    }

    Chart legend(List<String> names) {
        this.legend = names;
        return this;
    }

    void polyline(double[] xs, double[] ys, int n, int series) {
        if (n == 0) {
            return;
        }
        marks.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(color(series)).append("\" points=\"");
        for (int i = 0; i < n; i++) {
            marks.append(f(x.px(xs[i]))).append(',').append(f(y.px(ys[i]))).append(' ');
        }
        marks.append("\"/>\n");
    }

    void dot(double xv, double yv, int series) {
        marks.append("<circle r=\"3\" cx=\"").append(f(x.px(xv))).append("\" cy=\"").append(f(y.px(yv)))
                .append("\" fill=\"").append(color(series)).append("\"/>\n");
    }

    /** A vertical bar from the x axis's zero to {@code value}, centred on slot {@code slot} of {@code slots}. */
    void bar(int slot, int slots, double value, int series, String valueText) {
        double w = (RIGHT - LEFT) / slots;
        double x0 = LEFT + slot * w + w * 0.2;
        double top = y.px(value);
        double base = y.px(0);
        marks.append("<rect shape-rendering=\"crispEdges\" x=\"").append(f(x0)).append("\" y=\"").append(f(top))
                .append("\" width=\"").append(f(w * 0.6)).append("\" height=\"").append(f(Math.max(1, base - top)))
                .append("\" fill=\"").append(color(series)).append("\"/>\n");
        marks.append("<text class=\"v\" x=\"").append(f(x0 + w * 0.3)).append("\" y=\"").append(f(top - 4))
                .append("\" text-anchor=\"middle\">").append(Html.escape(valueText)).append("</text>\n");
    }

    String svg() {
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\">\n");
        s.append("<text class=\"t\" x=\"").append(f(LEFT)).append("\" y=\"20\">").append(Html.escape(title)).append("</text>\n");
        s.append("<rect shape-rendering=\"crispEdges\" x=\"").append(f(LEFT)).append("\" y=\"").append(f(TOP))
                .append("\" width=\"").append(f(RIGHT - LEFT)).append("\" height=\"").append(f(BOTTOM - TOP))
                .append("\" fill=\"").append(BACKGROUND).append("\"/>\n");
        if (y != null) {
            for (double t : y.ticks()) {
                double py = y.px(t);
                s.append("<line shape-rendering=\"crispEdges\" x1=\"").append(f(LEFT)).append("\" x2=\"").append(f(RIGHT))
                        .append("\" y1=\"").append(f(py)).append("\" y2=\"").append(f(py)).append("\" stroke=\"").append(GRID).append("\"/>\n");
                s.append("<text class=\"a\" x=\"").append(f(LEFT - 6)).append("\" y=\"").append(f(py + 4))
                        .append("\" text-anchor=\"end\">").append(Axis.label(t)).append("</text>\n");
            }
        }
        if (x != null) {
            List<Double> ticks = x.ticks();
            for (double t : ticks) {
                double px = x.px(t);
                s.append("<line shape-rendering=\"crispEdges\" x1=\"").append(f(px)).append("\" x2=\"").append(f(px))
                        .append("\" y1=\"").append(f(BOTTOM)).append("\" y2=\"").append(f(BOTTOM + 5)).append("\" stroke=\"#888\"/>\n");
                s.append("<text class=\"a\" x=\"").append(f(px)).append("\" y=\"").append(f(BOTTOM + 18))
                        .append("\" text-anchor=\"middle\">").append(Html.escape(xLabel.apply(t))).append("</text>\n");
            }
        }
        s.append(marks);
        // the frame last, over the marks' edges
        s.append("<rect shape-rendering=\"crispEdges\" x=\"").append(f(LEFT)).append("\" y=\"").append(f(TOP))
                .append("\" width=\"").append(f(RIGHT - LEFT)).append("\" height=\"").append(f(BOTTOM - TOP))
                .append("\" fill=\"none\" stroke=\"").append(FRAME).append("\"/>\n");
        s.append("<text class=\"a\" x=\"").append(f((LEFT + RIGHT) / 2)).append("\" y=\"").append(f(BOTTOM + 36))
                .append("\" text-anchor=\"middle\">").append(Html.escape(xTitle)).append("</text>\n");
        s.append("<text class=\"a\" transform=\"translate(14 ").append(f((TOP + BOTTOM) / 2))
                .append(") rotate(-90)\" text-anchor=\"middle\">").append(Html.escape(yTitle)).append("</text>\n");
        double lx = LEFT;
        double ly = BOTTOM + 44;
        for (int i = 0; i < legend.size(); i++) {
            String name = legend.get(i);
            double w = 26 + name.length() * 6.6;
            if (lx > LEFT && lx + w > WIDTH) {
                // next legend line; the SVG has room for two
                lx = LEFT;
                ly += 13;
            }
            s.append("<rect x=\"").append(f(lx)).append("\" y=\"").append(f(ly)).append("\" width=\"10\" height=\"10\" fill=\"")
                    .append(color(i)).append("\"/>");
            s.append("<text class=\"a\" x=\"").append(f(lx + 14)).append("\" y=\"").append(f(ly + 9)).append("\">")
                    .append(Html.escape(name)).append("</text>\n");
            lx += w;
        }
        s.append("</svg>\n");
        return s.toString();
    }

    static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
