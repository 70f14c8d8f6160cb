-- A dashboard session counts only with the user's current session nonce (SessionNonce): a new password replaces it,
-- which ends every session opened before, wherever its cookie went.
alter table app_user add column session_nonce text not null default gen_random_uuid()::text;
