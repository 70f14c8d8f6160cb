package dev.hearth.history.rollup;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

/** How a tier's table is cut into partitions by time (UTC calendar days, months or years), and what they are named. */
public enum Partitioning {
    DAY(ChronoUnit.DAYS, "yyyyMMdd"),
    MONTH(ChronoUnit.MONTHS, "yyyyMM"),
    YEAR(ChronoUnit.YEARS, "yyyy");

    private final ChronoUnit unit;
    private final DateTimeFormatter suffix;

    Partitioning(ChronoUnit unit, String suffix) {
        this.unit = unit;
        this.suffix = DateTimeFormatter.ofPattern(suffix);
    }

    /** The first day of the partition holding {@code day}. */
    public LocalDate start(LocalDate day) {
        return switch (this) {
            case DAY -> day;
            case MONTH -> day.with(TemporalAdjusters.firstDayOfMonth());
            case YEAR -> day.with(TemporalAdjusters.firstDayOfYear());
        };
    }

    /** The first day after the partition starting at {@code start}. */
    public LocalDate next(LocalDate start) {
        return start.plus(1, unit);
    }

    /** {@code series_point_p20261126}, {@code rollup_1m_p202611}, {@code rollup_1h_p2026}. */
    public String name(String table, LocalDate start) {
        return table + "_p" + suffix.format(start);
    }

    public static LocalDate dayOf(java.time.Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC);
    }
}
