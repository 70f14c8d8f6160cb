package dev.hearth.history.store;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A 1-hour bucket. */
@Entity
@Table(name = "rollup_1h")
public class HourRollup extends RollupBucket {
}
