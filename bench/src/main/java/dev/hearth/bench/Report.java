package dev.hearth.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * bench/all's last step: reads what each benchmark left in the results directory ({@link Results}), prints one table of
 * every figure beside its baseline (or target) with the ratio, draws the plots as PNG with JFreeChart, and writes the
 * latest run into {@code docs/benchmarks.md} between two markers, above the earlier runs kept there by hand.
 */
public final class Report {

    static final String BEGIN = "<!-- bench/all: latest run, written by dev.hearth.bench.Report; edits here are replaced -->";
    static final String END = "<!-- bench/all: end of the latest run -->";

    /** Colours told apart on white, also by most colour-blind readers (Okabe and Ito's, without their yellow), then black. */
    private static final Color[] PALETTE = {new Color(0xE69F00), new Color(0x56B4E9), new Color(0x009E73), new Color(0xD55E00),
        new Color(0x0072B2), new Color(0xCC79A7), new Color(0x8B4513), Color.BLACK};

    private Report() {
    }

    /** One figure line of a results file. */
    record Figure(String bench, String kind, String what, double value, String unit, String baseline, double baselineValue, String better) {

        /** "0.73×, better" for a baseline; "met" or "not met" for a target. */
        String verdict() {
            if (Double.isNaN(baselineValue) || Double.isNaN(value) && !"target".equals(kind)) {
                return "—";
            }
            boolean lowerIsBetter = "lower".equals(better);
            if ("target".equals(kind)) {
                return (lowerIsBetter ? value <= baselineValue : value >= baselineValue) ? "met" : "**not met**";
            }
            if (baselineValue == 0) {
                return "—";
            }
            double ratio = value / baselineValue;
            boolean hearthBetter = lowerIsBetter ? ratio < 1 : ratio > 1;
            return String.format(Locale.ROOT, "%s× (%s is better: %s)", number(ratio), lowerIsBetter ? "lower" : "higher",
                    Math.abs(ratio - 1) < 0.005 ? "even" : hearthBetter ? "Hearth" : "baseline");
        }
    }

    /** A plot's title, axes and lines. */
    static final class Plot {
        String title;
        String xLabel = "x";
        String yLabel = "y";
        boolean logY;
        final Map<String, XYSeries> lines = new LinkedHashMap<>();
    }

    public static void main(String[] args) throws Exception {
        Path results = Path.of(System.getenv().getOrDefault("HEARTH_BENCH_RESULTS", "bench/target/results"));
        Path docs = Path.of(args.length > 0 ? args[0] : "docs");
        Set<String> machines = new LinkedHashSet<>();
        List<Figure> figures = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        Map<String, Plot> plots = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(results)) {
            files = list.filter(p -> p.toString().endsWith(".tsv")).sorted(Report::benchOrder).toList();
        }
        for (Path file : files) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t", -1);
                switch (f[0]) {
                    case "machine" -> machines.add(f[1]);
                    case "figure", "target", "alone" -> figures.add(new Figure(f[1], f[0], f[2], Double.parseDouble(f[3]), f[4], f[5],
                            Double.parseDouble(f[6]), f[7]));
                    case "axes" -> {
                        Plot plot = plots.computeIfAbsent(f[2], k -> new Plot());
                        plot.title = f[3];
                        plot.xLabel = f[4];
                        plot.yLabel = f[5];
                        plot.logY = Boolean.parseBoolean(f[6]);
                    }
                    case "point" -> {
                        double y = Double.parseDouble(f[5]);
                        if (!Double.isNaN(y)) {
                            plots.computeIfAbsent(f[2], k -> new Plot()).lines.computeIfAbsent(f[3], k -> new XYSeries(k, false))
                                    .add(Double.parseDouble(f[4]), y);
                        }
                    }
                    case "failed" -> failed.add(f[1] + ": " + f[2]);
                    default -> throw new IllegalStateException("unknown line in " + file + ": " + line);
                }
            }
        }
        String table = table(figures);
        for (String f : failed) {
            table += "\n| **" + f + "** | | | | |";
        }
        System.out.println();
        machines.forEach(System.out::println);
        System.out.println(table);

        Path images = Files.createDirectories(docs.resolve("benchmarks"));
        // Dated names: a run kept below the markers by hand keeps its own plots when the next run draws new ones.
        String date = LocalDate.now().toString();
        List<String> drawn = new ArrayList<>();
        for (Map.Entry<String, Plot> plot : plots.entrySet()) {
            if (plot.getValue().lines.isEmpty()) {
                continue;
            }
            Path png = images.resolve(date + "-" + plot.getKey() + ".png");
            ChartUtils.saveChartAsPNG(png.toFile(), chart(plot.getValue()), 1000, 560);
            drawn.add(String.format("![%s](benchmarks/%s)", plot.getValue().title, png.getFileName()));
            System.out.println("plot: " + png);
        }
        writeDocs(docs.resolve("benchmarks.md"), section(machines, table, drawn));
        System.out.println("written: " + docs.resolve("benchmarks.md"));
    }

    /** The benchmarks in the order bench/all runs them, so that the table reads the same every time. */
    private static int benchOrder(Path a, Path b) {
        List<String> order = List.of("control", "gateway", "history", "web-edge", "footprint", "soak");
        return Integer.compare(rank(order, a), rank(order, b));
    }

    private static int rank(List<String> order, Path p) {
        int i = order.indexOf(p.getFileName().toString().replace(".tsv", ""));
        return i < 0 ? order.size() : i;
    }

    static String table(List<Figure> figures) {
        StringBuilder b = new StringBuilder("| figure | Hearth | baseline from the same run, or target | baseline | ratio, or target met |\n")
                .append("|---|---|---|---|---|\n");
        for (Figure f : figures) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %s%s | %s | %s |%n", f.what(), (number(f.value()) + " " + f.unit()).trim(),
                    "target".equals(f.kind()) ? "target: " : "", f.baseline(),
                    Double.isNaN(f.baselineValue()) ? "" : (number(f.baselineValue()) + " " + f.unit()).trim(), f.verdict()));
        }
        return b.toString().trim();
    }

    /** Three significant figures, thousands separated: what a reader compares at a glance. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        double a = Math.abs(v);
        if (a >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f", v);
    }

    private static JFreeChart chart(Plot p) {
        XYSeriesCollection data = new XYSeriesCollection();
        boolean percentiles = "percentile".equals(p.xLabel);
        for (XYSeries line : p.lines.values()) {
            if (percentiles) {
                // The tail is the point of a latency plot: x in "nines", so p90, p99 and p99.9 are evenly spaced.
                XYSeries nines = new XYSeries(line.getKey(), false);
                for (int i = 0; i < line.getItemCount(); i++) {
                    nines.add(-Math.log10(1 - line.getX(i).doubleValue() / 100), line.getY(i));
                }
                data.addSeries(nines);
            } else {
                data.addSeries(line);
            }
        }
        NumberAxis x = new NumberAxis(p.xLabel);
        if (percentiles) {
            x.setTickUnit(new NumberTickUnit(1, new NinesFormat()));
            x.setRange(0, 3.1); // room for the p99.9 label
        }
        org.jfree.chart.axis.ValueAxis y;
        if (p.logY) {
            LogAxis log = new LogAxis(p.yLabel);
            log.setSmallestValue(0.01);
            log.setTickUnit(new NumberTickUnit(1)); // a tick at each power of ten: 0.1, 1, 10, 100 ms
            log.setMinorTickCount(9);
            log.setNumberFormatOverride(NumberFormat.getNumberInstance(Locale.ROOT));
            y = log;
        } else {
            NumberAxis linear = new NumberAxis(p.yLabel);
            linear.setAutoRangeIncludesZero(true);
            y = linear;
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2f));
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(p.title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** Tick labels of the "nines" axis: 0 → p0, 1 → p90, 2 → p99, 3 → p99.9. */
    private static final class NinesFormat extends NumberFormat {
        @Override
        public StringBuffer format(double number, StringBuffer to, FieldPosition pos) {
            double percentile = 100 * (1 - Math.pow(10, -number));
            return to.append('p').append(new java.math.BigDecimal(percentile).round(new java.math.MathContext(3)).stripTrailingZeros()
                    .toPlainString());
        }

        @Override
        public StringBuffer format(long number, StringBuffer to, FieldPosition pos) {
            return format((double) number, to, pos);
        }

        @Override
        public Number parse(String source, ParsePosition pos) {
            throw new UnsupportedOperationException();
        }
    }

    private static String section(Set<String> machines, String table, List<String> plots) {
        String only = System.getenv("HEARTH_BENCH_ONLY");
        StringBuilder b = new StringBuilder(BEGIN).append("\n## ").append(LocalDate.now()).append(": `bench/all`, ")
                .append(only == null || only.isBlank() ? "every benchmark in one run" : "some benchmarks (`HEARTH_BENCH_ONLY=" + only.trim() + "`)")
                .append("\n\n");
        machines.forEach(m -> b.append(m).append(".\n"));
        b.append("\nEach figure beside its baseline measured in the same run (ratio = Hearth ÷ baseline), or beside the target it is "
                + "held to where nothing can be measured beside it. What each benchmark does: [bench/README.md](../bench/README.md).\n\n");
        b.append(table).append("\n\n");
        plots.forEach(p -> b.append(p).append("\n\n"));
        return b.append(END).toString();
    }

    /** Replaces the latest run between the markers, or puts it after the page's first paragraph. */
    static void writeDocs(Path page, String section) throws IOException {
        String text = Files.exists(page) ? Files.readString(page, StandardCharsets.UTF_8) : "# Benchmarks\n\n";
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        String updated;
        if (begin >= 0 && end > begin) {
            updated = text.substring(0, begin) + section + text.substring(end + END.length());
        } else {
            int firstSection = text.indexOf("\n## ");
            int at = firstSection < 0 ? text.length() : firstSection + 1;
            updated = text.substring(0, at) + section + "\n\n" + text.substring(at);
        }
        Files.writeString(page, updated, StandardCharsets.UTF_8);
    }
}
