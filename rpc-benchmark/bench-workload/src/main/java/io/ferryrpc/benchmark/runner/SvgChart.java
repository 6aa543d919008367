package io.ferryrpc.benchmark.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Hand-written SVG charts for the report: grouped bars and lines, with axes, ticks, axis titles and a legend.
 * Missing values ({@code NaN}) are left out: a failed run leaves a gap, not a zero.
 */
public final class SvgChart {

    /** A named row of values, one per category or x position. */
    public record Series(String name, double[] values) {
        /** Copies the values. */
        public Series {
            values = values.clone();
        }
    }

    private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f"};
    private static final int WIDTH = 860;
    private static final int HEIGHT = 460;
    private static final int LEFT = 90;
    private static final int RIGHT = 190;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;

    private SvgChart() {}

    /** Returns a grouped bar chart: one group per category, one bar per series, on a linear y axis from 0. */
    public static String bars(String title, String xTitle, String yTitle, List<String> categories,
            List<Series> series) {
        double max = max(series);
        Axis y = Axis.linear(max);
        StringBuilder svg = begin(title, xTitle, yTitle);
        yAxis(svg, y);
        double plotWidth = WIDTH - LEFT - RIGHT;
        double groupWidth = plotWidth / Math.max(1, categories.size());
        double barWidth = groupWidth * 0.8 / Math.max(1, series.size());
        for (int c = 0; c < categories.size(); c++) {
            double groupX = LEFT + c * groupWidth;
            text(svg, groupX + groupWidth / 2, HEIGHT - BOTTOM + 20, "middle", 13, categories.get(c));
            for (int s = 0; s < series.size(); s++) {
                double v = series.get(s).values()[c];
                if (Double.isNaN(v)) {
                    continue;
                }
                double top = y.toPixel(v);
                svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                        + "fill=\"%s\"><title>%s %s: %s</title></rect>%n",
                        groupX + groupWidth * 0.1 + s * barWidth, top, barWidth * 0.92, HEIGHT - BOTTOM - top,
                        color(s), escape(series.get(s).name()), escape(categories.get(c)), Axis.format(v)));
            }
        }
        legend(svg, series, false);
        return end(svg);
    }

    /**
     * Returns a line chart over x positions {@code xs} (log-scaled, labelled {@code xLabels}), with a linear or
     * logarithmic y axis.
     */
    public static String lines(String title, String xTitle, String yTitle, double[] xs, List<String> xLabels,
            boolean logY, List<Series> series) {
        double max = max(series);
        double min = min(series);
        Axis y = logY ? Axis.log(min, max) : Axis.linear(max);
        StringBuilder svg = begin(title, xTitle, yTitle);
        yAxis(svg, y);
        double lo = Math.log(xs[0]);
        double hi = Math.log(xs[xs.length - 1]);
        double[] px = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            px[i] = hi == lo ? LEFT + (WIDTH - LEFT - RIGHT) / 2.0
                    : LEFT + 20 + (Math.log(xs[i]) - lo) / (hi - lo) * (WIDTH - LEFT - RIGHT - 40);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
                    + "stroke=\"#333\"/>%n", px[i], HEIGHT - BOTTOM, px[i], HEIGHT - BOTTOM + 5));
            text(svg, px[i], HEIGHT - BOTTOM + 20, "middle", 12, xLabels.get(i));
        }
        for (int s = 0; s < series.size(); s++) {
            double[] v = series.get(s).values();
            StringBuilder path = new StringBuilder();
            boolean penDown = false;
            for (int i = 0; i < xs.length; i++) {
                if (Double.isNaN(v[i]) || (logY && v[i] <= 0)) {
                    penDown = false;
                    continue;
                }
                path.append(String.format(Locale.ROOT, "%s%.1f %.1f ", penDown ? "L" : "M", px[i], y.toPixel(v[i])));
                penDown = true;
            }
            if (path.length() > 0) {
                svg.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" "
                        + "stroke-width=\"2.5\"/>%n", path.toString().trim(), color(s)));
            }
            for (int i = 0; i < xs.length; i++) {
                if (!Double.isNaN(v[i]) && !(logY && v[i] <= 0)) {
                    svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\">"
                            + "<title>%s at %s: %s</title></circle>%n", px[i], y.toPixel(v[i]), color(s),
                            escape(series.get(s).name()), escape(xLabels.get(i)), Axis.format(v[i])));
                }
            }
        }
        legend(svg, series, true);
        return end(svg);
    }

    private static StringBuilder begin(String title, String xTitle, String yTitle) {
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"Helvetica, Arial, sans-serif\">%n", WIDTH, HEIGHT, WIDTH,
                HEIGHT));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        text(svg, (LEFT + WIDTH - RIGHT) / 2.0, 28, "middle", 17, title);
        text(svg, (LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 22, "middle", 14, xTitle);
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"14\" "
                + "transform=\"rotate(-90 %d %.1f)\">%s</text>%n", 22, (TOP + HEIGHT - BOTTOM) / 2.0, 22,
                (TOP + HEIGHT - BOTTOM) / 2.0, escape(yTitle)));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n",
                LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n",
                LEFT, TOP, LEFT, HEIGHT - BOTTOM));
        return svg;
    }

    private static String end(StringBuilder svg) {
        return svg.append("</svg>\n").toString();
    }

    private static void yAxis(StringBuilder svg, Axis y) {
        for (double tick : y.ticks) {
            double py = y.toPixel(tick);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" "
                    + "stroke=\"#ddd\"/>%n", LEFT, py, WIDTH - RIGHT, py));
            text(svg, LEFT - 8, py + 4, "end", 12, Axis.format(tick));
        }
    }

    private static void legend(StringBuilder svg, List<Series> series, boolean line) {
        int x = WIDTH - RIGHT + 20;
        for (int s = 0; s < series.size(); s++) {
            int y = TOP + 10 + s * 24;
            if (line) {
                svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                        + "stroke-width=\"3\"/>%n", x, y, x + 22, y, color(s)));
            } else {
                svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"16\" height=\"12\" "
                        + "fill=\"%s\"/>%n", x + 3, y - 6, color(s)));
            }
            text(svg, x + 30, y + 5, "start", 13, series.get(s).name());
        }
    }

    private static void text(StringBuilder svg, double x, double y, String anchor, int size, String text) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s"
                + "</text>%n", x, y, anchor, size, escape(text)));
    }

    private static String color(int i) {
        return COLORS[i % COLORS.length];
    }

    /** Escapes text for SVG (XML) content and attributes. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static double max(List<Series> series) {
        double max = Double.NaN;
        for (Series s : series) {
            for (double v : s.values()) {
                if (!Double.isNaN(v) && (Double.isNaN(max) || v > max)) {
                    max = v;
                }
            }
        }
        return Double.isNaN(max) ? 1 : max;
    }

    private static double min(List<Series> series) {
        double min = Double.NaN;
        for (Series s : series) {
            for (double v : s.values()) {
                if (!Double.isNaN(v) && v > 0 && (Double.isNaN(min) || v < min)) {
                    min = v;
                }
            }
        }
        return Double.isNaN(min) ? 1 : min;
    }

    /** A y axis: its ticks and the mapping of values to pixels. */
    private static final class Axis {
        private final boolean log;
        private final double lo;
        private final double hi;
        private final List<Double> ticks;

        private Axis(boolean log, double lo, double hi, List<Double> ticks) {
            this.log = log;
            this.lo = lo;
            this.hi = hi;
            this.ticks = ticks;
        }

        static Axis linear(double max) {
            double top = max <= 0 ? 1 : max;
            double rough = top / 5;
            double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
            double step = magnitude;
            for (double m : new double[] {1, 2, 2.5, 5, 10}) {
                if (m * magnitude >= rough) {
                    step = m * magnitude;
                    break;
                }
            }
            List<Double> ticks = new ArrayList<>();
            double t = 0;
            while (t < top + step / 2) {
                ticks.add(t);
                t += step;
            }
            return new Axis(false, 0, ticks.get(ticks.size() - 1), ticks);
        }

        static Axis log(double min, double max) {
            double lo = Math.pow(10, Math.floor(Math.log10(min)));
            double hi = Math.pow(10, Math.ceil(Math.log10(max)));
            if (hi <= lo) {
                hi = lo * 10;
            }
            List<Double> ticks = new ArrayList<>();
            for (double t = lo; t <= hi * 1.0001; t *= 10) {
                ticks.add(t);
            }
            return new Axis(true, lo, hi, ticks);
        }

        double toPixel(double v) {
            double fraction = log ? (Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)) : (v - lo) / (hi - lo);
            return HEIGHT - BOTTOM - fraction * (HEIGHT - BOTTOM - TOP);
        }

        static String format(double v) {
            double a = Math.abs(v);
            if (a >= 1e6) {
                return trim(v / 1e6) + "M";
            }
            if (a >= 1e4 || (a >= 1e3 && v % 1000 == 0)) {
                return trim(v / 1e3) + "k";
            }
            if (a >= 100 || v == Math.rint(v)) {
                return String.format(Locale.ROOT, "%.0f", v);
            }
            return String.format(Locale.ROOT, a >= 1 ? "%.1f" : "%.2f", v);
        }

        private static String trim(double v) {
            String s = String.format(Locale.ROOT, "%.1f", v);
            return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
        }
    }
}
