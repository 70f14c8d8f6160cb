package dev.hearth.history.store;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.MappedSuperclass;

/**
 * One bucket of a rollup tier: what {@link dev.hearth.history.rollup.Stats} holds, per series and bucket start.
 * Written by {@link RollupWriter}; read through Hibernate Reactive by {@link SeriesReader}.
 */
@MappedSuperclass
public abstract class RollupBucket {

    /** The primary key: a series and the start of its bucket. */
    @Embeddable
    public static class Key implements Serializable {
        @Column(name = "series")
        public String series;

        @Column(name = "bucket")
        public Instant bucket;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(series, k.series) && Objects.equals(bucket, k.bucket);
        }

        @Override
        public int hashCode() {
            return Objects.hash(series, bucket);
        }
    }

    @EmbeddedId
    public Key id;

    public long count;
    public double min;
    public double max;

    @Column(name = "first_ts")
    public Instant firstTs;

    @Column(name = "last_ts")
    public Instant lastTs;

    public double last;
    public double integral;
}
