package dev.hearth.edge.store;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

/** The {@code api_token} table through Hibernate Reactive. Everyone sees and deletes only their own tokens. */
@ApplicationScoped
public class TokenStore {

    /** A token with its owner, as the token's identity needs them. */
    public record Owned(ApiToken token, UserAccount owner) {
    }

    private final Mutiny.SessionFactory sessions;

    public TokenStore(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** Why a token was not made. */
    public enum Refusal {
        NAME_TAKEN, TOO_MANY, OWNER_GONE
    }

    /** The new token, or why there is none. */
    public record Creation(ApiToken token, Refusal refusal) {
    }

    /** How many tokens {@code owner} has (a quick look, not a promise: {@link #create} counts again under a lock). */
    public Uni<Long> countFor(String owner) {
        return sessions.withSession(s -> countFor(s, owner));
    }

    /**
     * Makes the token unless its owner has one of that name or {@code max} already. The owner's row is locked first,
     * so that requests made at once cannot each count {@code max - 1} and all insert.
     */
    public Uni<Creation> create(String id, String owner, String name, String secretHash, int max) {
        return sessions.withTransaction(s -> s.find(UserAccount.class, owner, LockModeType.PESSIMISTIC_WRITE).chain(user -> {
            if (user == null) {
                return Uni.createFrom().item(new Creation(null, Refusal.OWNER_GONE));
            }
            return countFor(s, owner).chain(count -> count >= max ? Uni.createFrom().item(new Creation(null, Refusal.TOO_MANY))
                    : s.createNativeQuery("""
                            insert into edge.api_token (id, owner, name, secret_hash) values (:id, :owner, :name, :hash)
                            on conflict (owner, name) do nothing""")
                            .setParameter("id", id).setParameter("owner", owner).setParameter("name", name).setParameter("hash", secretHash)
                            .executeUpdate()
                            .chain(inserted -> inserted == 0 ? Uni.createFrom().item(new Creation(null, Refusal.NAME_TAKEN))
                                    : s.find(ApiToken.class, id).map(token -> new Creation(token, null))));
        }));
    }

    private static Uni<Long> countFor(Mutiny.Session s, String owner) {
        return s.createSelectionQuery("select count(*) from ApiToken where owner = :owner", Long.class).setParameter("owner", owner)
                .getSingleResult();
    }

    public Uni<List<ApiToken>> listFor(String owner) {
        return sessions.withSession(s -> s.createSelectionQuery("from ApiToken where owner = :owner order by createdAt, name", ApiToken.class)
                .setParameter("owner", owner).getResultList());
    }

    /** False when the owner has no token with that id. */
    public Uni<Boolean> delete(String id, String owner) {
        return sessions.withTransaction(s -> s.createMutationQuery("delete from ApiToken where id = :id and owner = :owner")
                .setParameter("id", id).setParameter("owner", owner).executeUpdate().map(n -> n > 0));
    }

    /** The token and its owner, or null when either is gone. */
    public Uni<Owned> findWithOwner(String id) {
        return sessions.withSession(s -> s.find(ApiToken.class, id).chain(token -> token == null ? Uni.createFrom().nullItem()
                : s.find(UserAccount.class, token.owner).map(owner -> owner == null ? null : new Owned(token, owner))));
    }

    public Uni<Void> touch(String id, Instant when) {
        return sessions.withTransaction(s -> s.createMutationQuery("update ApiToken set lastUsedAt = :when where id = :id")
                .setParameter("when", when).setParameter("id", id).executeUpdate().replaceWithVoid());
    }
}
