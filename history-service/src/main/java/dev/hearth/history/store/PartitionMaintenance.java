package dev.hearth.history.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.hearth.history.rollup.Partitioning;
import dev.hearth.history.rollup.Tier;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * Keeps each tier's partitions: the current one and the next two exist before data arrives; rows that landed in a
 * table's default partition (a time with no partition yet: a gateway's replay of last month, a clock far ahead) are
 * moved into a partition of their own; partitions wholly older than the tier's retention are dropped, never deleted
 * row by row. Runs at start and every hour.
 */
@ApplicationScoped
public class PartitionMaintenance {

    private static final Logger LOG = Logger.getLogger(PartitionMaintenance.class);
    /** The current partition and this many after it exist ahead of time. */
    static final int AHEAD = 2;

    private final Pool pool;
    private final RetentionConfig retention;
    private final MeterRegistry metrics;
    private final RollupRebuilder rebuilder;

    public PartitionMaintenance(Pool pool, RetentionConfig retention, MeterRegistry metrics, RollupRebuilder rebuilder) {
        this.pool = pool;
        this.retention = retention;
        this.metrics = metrics;
        this.rebuilder = rebuilder;
    }

    @Scheduled(every = "${hearth.history.retention.check-interval:1h}", delayed = "${hearth.history.retention.check-interval:1h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> hourly() {
        return rebuilder.rebuildListed().chain(() -> run(Instant.now())).onFailure().recoverWithUni(failure -> {
            LOG.warnf("Partition maintenance failed (%s); trying again at the next run", failure.getMessage());
            return Uni.createFrom().voidItem();
        });
    }

    /** One pass over every tier, as of {@code now}. */
    public Uni<Void> run(Instant now) {
        return Multi.createFrom().items(Tier.values()).onItem().transformToUniAndConcatenate(tier -> maintain(tier, now))
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> maintain(Tier tier, Instant now) {
        Partitioning partitioning = tier.partitioning();
        return partitionsHeldInDefault(tier).chain(starts -> {
            LocalDate current = partitioning.start(Partitioning.dayOf(now));
            for (int i = 0; i <= AHEAD; i++) {
                starts.add(current);
                current = partitioning.next(current);
            }
            return Multi.createFrom().iterable(starts).onItem().transformToUniAndConcatenate(start -> create(tier, start))
                    .collect().last();
        }).chain(() -> dropExpired(tier, now));
    }

    /** The partitions that rows in the default partition belong in. */
    private Uni<TreeSet<LocalDate>> partitionsHeldInDefault(Tier tier) {
        String unit = switch (tier.partitioning()) {
            case DAY -> "day";
            case MONTH -> "month";
            case YEAR -> "year";
        };
        String sql = "select distinct date_trunc('" + unit + "', " + tier.timeColumn() + ", 'UTC') from " + tier.table() + "_default";
        return pool.query(sql).execute().map(rows -> {
            TreeSet<LocalDate> starts = new TreeSet<>();
            for (Row row : rows) {
                starts.add(Partitioning.dayOf(row.getOffsetDateTime(0).toInstant()));
            }
            return starts;
        });
    }

    /**
     * Creates the partition starting at {@code start} unless it exists, moving into it what its range holds in the
     * default partition (PostgreSQL refuses to attach a partition whose rows the default partition still has).
     */
    private Uni<Void> create(Tier tier, LocalDate start) {
        String table = tier.table();
        String name = tier.partitioning().name(table, start);
        String from = bound(start);
        String to = bound(tier.partitioning().next(start));
        String column = tier.timeColumn();
        String exists = "select to_regclass('" + name + "') is not null";
        return pool.query(exists).execute().chain(found -> {
            if (found.iterator().next().getBoolean(0)) {
                return Uni.createFrom().voidItem();
            }
            // Checked again under the lock: another replica's maintenance may have made it meanwhile.
            return pool.withTransaction(c -> c.query("lock table " + table + "_default in exclusive mode").execute()
                    .chain(() -> c.query(exists).execute())
                    .chain(again -> again.iterator().next().getBoolean(0) ? Uni.createFrom().item(false) : c.query("create table " + name
                            + " (like " + table + " including defaults)").execute()
                    .chain(() -> c.query("with moved as (delete from " + table + "_default where " + column + " >= " + from
                            + " and " + column + " < " + to + " returning *) insert into " + name + " select * from moved").execute())
                    .chain(moved -> {
                        if (moved.rowCount() > 0) {
                            LOG.infof("Moved %d rows of %s into its new partition %s", moved.rowCount(), table, name);
                        }
                        return c.query("alter table " + table + " attach partition " + name + " for values from (" + from + ") to ("
                                + to + ")").execute();
                    }).replaceWith(true)))
                    .invoke(made -> {
                        if (made) {
                            metrics.counter("hearth.history.partitions.created", "tier", tier.configName()).increment();
                        }
                    })
                    .replaceWithVoid();
        });
    }

    private Uni<Void> dropExpired(Tier tier, Instant now) {
        Optional<java.time.Duration> keep = retention.of(tier);
        if (keep.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant horizon = now.minus(keep.get());
        Uni<Boolean> rebuildPending = tier == Tier.RAW
                ? pool.query("select exists (select 1 from rollup_rebuild)").execute().map(rows -> rows.iterator().next().getBoolean(0))
                : Uni.createFrom().item(false);
        return rebuildPending.chain(pending -> {
            if (pending) {
                LOG.info("Keeping expired raw partitions until the listed rollups are rebuilt from them");
                return Uni.createFrom().<List<String>>item(List.of());
            }
            return partitions(tier);
        }).chain(names -> {
            List<String> expired = new ArrayList<>();
            for (String name : names) {
                startOf(tier, name).filter(start -> !tier.partitioning().next(start).atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(horizon))
                        .ifPresent(start -> expired.add(name));
            }
            return Multi.createFrom().iterable(expired).onItem().transformToUniAndConcatenate(name -> pool
                    .query("drop table if exists " + name).execute().invoke(() -> {
                        LOG.infof("Dropped partition %s: older than the %s that the %s tier keeps", name, keep.get(), tier.configName());
                        metrics.counter("hearth.history.partitions.dropped", "tier", tier.configName()).increment();
                    })).collect().last().replaceWithVoid();
        });
    }

    /** The names of the table's partitions, the default one included. */
    public Uni<List<String>> partitions(Tier tier) {
        return pool.preparedQuery("select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid "
                + "join pg_class p on p.oid = i.inhparent where p.relname = $1 order by c.relname")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(tier.table()))
                .map(rows -> {
                    List<String> names = new ArrayList<>();
                    rows.forEach(row -> names.add(row.getString(0)));
                    return names;
                });
    }

    private static Optional<LocalDate> startOf(Tier tier, String name) {
        String prefix = tier.table() + "_p";
        if (!name.startsWith(prefix)) {
            return Optional.empty();
        }
        String suffix = name.substring(prefix.length());
        try {
            return Optional.of(switch (tier.partitioning()) {
                case DAY -> LocalDate.parse(suffix, java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
                case MONTH -> LocalDate.parse(suffix + "01", java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
                case YEAR -> LocalDate.parse(suffix + "0101", java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
            });
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String bound(LocalDate day) {
        return "'" + day + " 00:00:00+00'";
    }
}
