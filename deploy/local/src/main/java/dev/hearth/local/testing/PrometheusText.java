package dev.hearth.local.testing;

/** Reads a counter out of a {@code /q/metrics} page, for tests that check what a service counted. */
public final class PrometheusText {

    private PrometheusText() {
    }

    /** The sum of every series of {@code metric} (all tag combinations); 0 when the page has none. */
    public static double sum(String page, String metric) {
        return page.lines()
                .filter(l -> l.startsWith(metric + "{") || l.startsWith(metric + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
