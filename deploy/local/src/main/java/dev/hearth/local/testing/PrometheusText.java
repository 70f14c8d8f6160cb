package dev.hearth.local.testing;

/** Reads a counter out of a {@code /q/metrics} page, for tests that check what a service counted. */
public final class PrometheusText {

    private PrometheusText() {
    }

    /** The sum of every series of {@code metric} (all tag combinations); 0 when the page has none. */
    public static double sum(String page, String metric) {
        return sum(page.lines(), l -> l.startsWith(metric + "{") || l.startsWith(metric + " "));
    }

    /** The sum of the samples whose line passes {@code line} (a metric, or some of its tags); comments left out. */
    public static double sum(java.util.stream.Stream<String> lines, java.util.function.Predicate<String> line) {
        return lines.filter(l -> !l.startsWith("#")).filter(line)
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
