package dev.hearth.edge.store;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

/** The {@code app_user} table through Hibernate Reactive. Every change keeps at least one admin. */
@ApplicationScoped
public class UserStore {

    /** Refused: the change would leave Hearth without an admin. */
    public static final class LastAdmin extends RuntimeException {
        LastAdmin() {
            super("Hearth needs at least one admin: make another user admin first", null, false, false);
        }
    }

    private static final String ADMIN = "admin";

    private final Mutiny.SessionFactory sessions;

    public UserStore(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    public Uni<UserAccount> find(String name) {
        return sessions.withSession(s -> s.find(UserAccount.class, name));
    }

    public Uni<List<UserAccount>> list() {
        return sessions.withSession(s -> s.createSelectionQuery("from UserAccount order by name", UserAccount.class).getResultList());
    }

    /** The new user, or null when the name is taken. */
    public Uni<UserAccount> create(String name, String passwordHash, String role) {
        return sessions.withTransaction(s -> s.createNativeQuery(
                        "insert into edge.app_user (name, password_hash, role, session_nonce) values (:name, :hash, :role, :nonce)"
                                + " on conflict do nothing")
                .setParameter("name", name).setParameter("hash", passwordHash).setParameter("role", role)
                .setParameter("nonce", UserAccount.newSessionNonce())
                .executeUpdate()
                .chain(inserted -> inserted == 0 ? Uni.createFrom().nullItem() : s.find(UserAccount.class, name)));
    }

    /** Sets the password and the role of a user whether it exists or not (the admin from the environment). */
    public Uni<Void> put(String name, String passwordHash, String role) {
        return sessions.withTransaction(s -> s.createNativeQuery("""
                        insert into edge.app_user (name, password_hash, role, session_nonce) values (:name, :hash, :role, :nonce)
                        on conflict (name) do update set password_hash = excluded.password_hash, role = excluded.role, updated_at = now(),
                        session_nonce = excluded.session_nonce""")
                .setParameter("name", name).setParameter("hash", passwordHash).setParameter("role", role)
                .setParameter("nonce", UserAccount.newSessionNonce())
                .executeUpdate().replaceWithVoid());
    }

    /**
     * Changes a user's password hash and/or role (null leaves it); null when there is no such user.
     * Fails with {@link LastAdmin} if it would demote the only admin.
     */
    public Uni<UserAccount> update(String name, String passwordHash, String role) {
        return sessions.withTransaction(s -> lockedAdmins(s).chain(admins -> s.find(UserAccount.class, name).map(user -> {
            if (user == null) {
                return null;
            }
            if (role != null && !role.equals(user.role) && ADMIN.equals(user.role) && admins.size() <= 1) {
                throw new LastAdmin();
            }
            if (passwordHash != null) {
                user.passwordHash = passwordHash;
                user.sessionNonce = UserAccount.newSessionNonce(); // every session opened before ends
            }
            if (role != null) {
                user.role = role;
            }
            user.updatedAt = Instant.now();
            return user;
        })));
    }

    /** False when there is no such user; fails with {@link LastAdmin} for the only admin. Their tokens go too. */
    public Uni<Boolean> delete(String name) {
        return sessions.withTransaction(s -> lockedAdmins(s).chain(admins -> s.find(UserAccount.class, name).chain(user -> {
            if (user == null) {
                return Uni.createFrom().item(false);
            }
            if (ADMIN.equals(user.role) && admins.size() <= 1) {
                return Uni.createFrom().failure(new LastAdmin());
            }
            return s.remove(user).replaceWith(true);
        })));
    }

    /** The admins, locked until the transaction ends, so two concurrent changes cannot both remove "the other" admin. */
    private static Uni<List<UserAccount>> lockedAdmins(Mutiny.Session s) {
        return s.createSelectionQuery("from UserAccount where role = 'admin'", UserAccount.class)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
    }
}
