-- Every reading and actuator state, one row per (series, ts): a reading delivered twice is stored once.
-- series is 'sensors/<id>' or 'actuators/<id>' within the home this service serves.
create table series_point (
    series      text             not null,
    ts          timestamptz      not null,
    value       double precision not null,
    seq         bigint,
    received_at timestamptz      not null default now(),
    primary key (series, ts)
);
