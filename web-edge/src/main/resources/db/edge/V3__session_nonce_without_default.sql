-- V2's default gave the users that existed then their first nonce. New nonces come from one place,
-- UserAccount.newSessionNonce: without the default, an insert that forgets the nonce fails instead of getting one
-- made elsewhere.
alter table app_user alter column session_nonce drop default;
