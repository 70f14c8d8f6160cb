package dev.hearth.history.store;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A 1-minute bucket. */
@Entity
@Table(name = "rollup_1m")
public class MinuteRollup extends RollupBucket {
}
