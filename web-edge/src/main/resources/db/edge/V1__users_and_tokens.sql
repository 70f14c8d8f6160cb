-- web-edge's own tables, in its own schema: the people who may use Hearth and the API tokens their programs use.
-- Nothing here is history-service's; both may share one PostgreSQL database.

create table app_user (
    name          text primary key check (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    -- bcrypt, in its modular crypt format ($2a$cost$salt+hash): never the password itself.
    password_hash text        not null,
    role          text        not null check (role in ('viewer', 'operator', 'admin')),
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now()
);

create table api_token (
    -- The public half of a token (hth_<id>_<secret>); the secret is kept only as a bcrypt hash.
    id           text primary key,
    owner        text        not null references app_user (name) on delete cascade,
    name         text        not null,
    secret_hash  text        not null,
    created_at   timestamptz not null default now(),
    last_used_at timestamptz,
    unique (owner, name)
);
