package dev.hearth.history.api;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import dev.hearth.contract.Times;
import dev.hearth.history.query.Agg;
import dev.hearth.history.query.Downsampler;

/** Buckets as CSV: a header {@code t,avg,min,max,last,count} (the figures asked for), then one line per bucket. */
final class Csv {

    private Csv() {
    }

    static String of(Set<Agg> aggs, List<Downsampler.Bucket> buckets) {
        StringBuilder csv = new StringBuilder("t");
        aggs.forEach(agg -> csv.append(',').append(agg.field()));
        csv.append('\n');
        for (Downsampler.Bucket b : buckets) {
            csv.append(Times.format(Instant.ofEpochMilli(b.startMs())));
            for (Agg agg : aggs) {
                csv.append(',').append(switch (agg) {
                    case AVG -> String.valueOf(b.avg());
                    case MIN -> String.valueOf(b.min());
                    case MAX -> String.valueOf(b.max());
                    case LAST -> String.valueOf(b.last());
                    case COUNT -> String.valueOf(b.count());
                });
            }
            csv.append('\n');
        }
        return csv.toString();
    }
}
