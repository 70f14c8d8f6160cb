-- Raw readings and rollups in tables partitioned by time, so that retention drops whole partitions.
-- history-service's PartitionMaintenance creates the partitions ahead of time and drops expired ones; a row for a
-- time with no partition yet lands in the table's default partition, and the next maintenance moves it into a
-- partition of its own. The partitions are named <table>_pYYYYMMDD (raw, per UTC day), rollup_1m_pYYYYMM (per
-- month) and rollup_1h_pYYYY (per year).

alter table series_point rename to series_point_v1;
alter table series_point_v1 rename constraint series_point_pkey to series_point_v1_pkey;

create table series_point (
    series      text             not null,
    ts          timestamptz      not null,
    value       double precision not null,
    seq         bigint,
    received_at timestamptz      not null default now(),
    primary key (series, ts)
) partition by range (ts);
create table series_point_default partition of series_point default;

insert into series_point select series, ts, value, seq, received_at from series_point_v1;

-- A bucket of one series (see dev.hearth.history.rollup.Stats): count, min, max and last of its readings, the
-- times of its first and last reading, and the integral of the series from the first to the last (each reading
-- holds until the next; value x seconds). Time-weighted means over any window are computed from these.
create table rollup_1m (
    series   text             not null,
    bucket   timestamptz      not null,
    count    bigint           not null,
    min      double precision not null,
    max      double precision not null,
    first_ts timestamptz      not null,
    last_ts  timestamptz      not null,
    last     double precision not null,
    integral double precision not null,
    primary key (series, bucket)
) partition by range (bucket);
create table rollup_1m_default partition of rollup_1m default;

create table rollup_1h (
    series   text             not null,
    bucket   timestamptz      not null,
    count    bigint           not null,
    min      double precision not null,
    max      double precision not null,
    first_ts timestamptz      not null,
    last_ts  timestamptz      not null,
    last     double precision not null,
    integral double precision not null,
    primary key (series, bucket)
) partition by range (bucket);
create table rollup_1h_default partition of rollup_1h default;

-- Every series ever stored, so that a query for one that never existed answers 404 rather than an empty chart.
create table series (
    series     text        primary key,
    first_seen timestamptz not null default now()
);
insert into series (series) select distinct series from series_point_v1;

-- Series whose rollups must be computed again from their raw readings: those stored before rollups existed, and
-- any a bulk load (COPY) adds. history-service works through this list at start.
create table rollup_rebuild (
    series text primary key
);
insert into rollup_rebuild (series) select series from series;

drop table series_point_v1;
