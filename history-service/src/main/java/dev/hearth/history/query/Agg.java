package dev.hearth.history.query;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The figures a bucket can answer with ({@code agg=avg,max}); all of them by default. */
public enum Agg {
    AVG, MIN, MAX, LAST, COUNT;

    /** Parses {@code agg}; throws {@link IllegalArgumentException} with a message for the caller. */
    static Set<Agg> parse(String text) {
        if (text == null || text.isBlank()) {
            return EnumSet.allOf(Agg.class);
        }
        Set<Agg> aggs = EnumSet.noneOf(Agg.class);
        for (String name : text.split(",", -1)) { // -1: "avg," names an empty figure, not only avg
            try {
                aggs.add(valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'agg' takes a comma-separated list of avg, min, max, last, count (got '" + name.trim() + "')");
            }
        }
        return aggs;
    }

    public String field() {
        return name().toLowerCase(Locale.ROOT);
    }
}
