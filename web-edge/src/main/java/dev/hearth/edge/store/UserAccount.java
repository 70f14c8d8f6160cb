package dev.hearth.edge.store;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A person (or a script's account) that may use Hearth, with its role; see {@code V1__users_and_tokens.sql}. */
@Entity
@Table(name = "app_user")
public class UserAccount {

    @Id
    public String name;

    @Column(name = "password_hash", nullable = false)
    public String passwordHash;

    @Column(nullable = false)
    public String role;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Replaced with every new password; a dashboard session counts only with the current one (SessionNonce). */
    @Column(name = "session_nonce", nullable = false)
    public String sessionNonce;

    /**
     * The one place a session nonce is made (V2__session_nonce.sql's default filled the rows that existed then; V3 took
     * it away): random, so that no one can compute the next one.
     */
    static String newSessionNonce() {
        return java.util.UUID.randomUUID().toString();
    }
}
