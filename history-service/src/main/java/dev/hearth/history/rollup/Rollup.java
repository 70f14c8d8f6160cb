package dev.hearth.history.rollup;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Folds stretches of series (readings, or a finer tier's buckets) into a tier's buckets. Pure. */
public final class Rollup {

    /** A stretch of one series: one reading, or one bucket of a finer tier. */
    public record Part(String series, Stats stats) {
    }

    /** One bucket of a tier: the series, where the bucket starts, and what falls in it. */
    public record Row(String series, long bucketMs, Stats stats) {
    }

    private Rollup() {
    }

    /** The tier's buckets that the parts fall in, each combining its parts in time order. */
    public static List<Row> fold(Tier tier, List<Part> parts) {
        List<Part> sorted = new ArrayList<>(parts);
        sorted.sort(Comparator.comparing(Part::series).thenComparingLong(p -> p.stats().firstMs()));
        List<Row> rows = new ArrayList<>();
        Row open = null;
        for (Part part : sorted) {
            long bucket = tier.bucketOf(part.stats().firstMs());
            if (open != null && open.series().equals(part.series()) && open.bucketMs() == bucket) {
                open = new Row(open.series(), bucket, open.stats().then(part.stats()));
            } else {
                if (open != null) {
                    rows.add(open);
                }
                open = new Row(part.series(), bucket, part.stats());
            }
        }
        if (open != null) {
            rows.add(open);
        }
        return rows;
    }
}
