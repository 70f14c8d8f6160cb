package dev.hearth.history.store;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** One stored value of a series: a sensor's reading or an actuator's state at one instant. */
@Entity
@Table(name = "series_point")
public class SeriesPoint {

    /** The primary key: a series and an instant. */
    @Embeddable
    public static class Key implements Serializable {
        @Column(name = "series")
        public String series;

        @Column(name = "ts")
        public Instant ts;

        public Key() {
        }

        public Key(String series, Instant ts) {
            this.series = series;
            this.ts = ts;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(series, k.series) && Objects.equals(ts, k.ts);
        }

        @Override
        public int hashCode() {
            return Objects.hash(series, ts);
        }
    }

    @EmbeddedId
    public Key id;

    public double value;

    public Long seq;

    @Column(name = "received_at", insertable = false, updatable = false)
    public Instant receivedAt;
}
