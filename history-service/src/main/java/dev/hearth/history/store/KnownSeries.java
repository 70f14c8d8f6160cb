package dev.hearth.history.store;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A series that has had at least one point stored (so a query for any other is a 404). */
@Entity
@Table(name = "series")
public class KnownSeries {

    @Id
    public String series;

    @Column(name = "first_seen")
    public Instant firstSeen;
}
