package dev.hearth.edge.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.WorkerExecutor;

/**
 * Passwords and token secrets are stored as bcrypt hashes, which take tens of milliseconds to check on purpose (a
 * Raspberry Pi takes longer). Scripts that send HTTP Basic or a token with every request would pay that every time,
 * so a secret once verified against a stored hash is remembered, by a keyed fingerprint that never leaves memory,
 * for as long as that stored hash is unchanged: a changed password or a deleted token is refused at once, on every
 * replica, because each request still reads the stored hash. Hashing runs off the event loop and hands its result
 * back on the caller's Vert.x context (Hibernate Reactive needs that context afterwards).
 */
@ApplicationScoped
public class SecretHasher {

    /** bcrypt reads at most 72 bytes; a longer secret would be cut silently, so longer ones are refused upstream. */
    public static final int MAX_SECRET_BYTES = 72;
    static final int MAX_REMEMBERED = 4096;

    private final Map<String, String> verified = new ConcurrentHashMap<>();
    private final Mac fingerprintMac;
    /**
     * bcrypt runs on two threads of its own: a flood of wrong passwords then queues here, not on the worker pool
     * that commands and loop changes use.
     */
    private final WorkerExecutor bcrypt;
    private final int cost;
    private final String decoyHash;

    public SecretHasher(Vertx vertx, SecurityConfig config) {
        this.bcrypt = vertx.createSharedWorkerExecutor("hearth-bcrypt", 2);
        this.cost = config.bcryptCost();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try {
            // Keyed once; each fingerprint works on a clone (a Mac is not thread-safe).
            this.fingerprintMac = Mac.getInstance("HmacSHA256");
            this.fingerprintMac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
        byte[] decoy = new byte[24];
        new SecureRandom().nextBytes(decoy);
        this.decoyHash = BcryptUtil.bcryptHash(Base64.getEncoder().encodeToString(decoy), cost);
    }

    /** A hash of nothing anyone knows, checked where there is no stored hash, so that failing costs the same. */
    public String decoyHash() {
        return decoyHash;
    }

    public static boolean fitsBcrypt(String secret) {
        return secret.getBytes(StandardCharsets.UTF_8).length <= MAX_SECRET_BYTES;
    }

    /** A new bcrypt hash of the secret. */
    public Uni<String> hash(String secret) {
        return bcrypt.executeBlocking(() -> BcryptUtil.bcryptHash(secret, cost), false);
    }

    /** Whether {@code secret}, offered for {@code principal}, matches the stored hash. */
    public Uni<Boolean> matches(String principal, String secret, String storedHash) {
        String fingerprint = fingerprint(principal, secret);
        if (storedHash.equals(verified.get(fingerprint))) {
            return Uni.createFrom().item(true);
        }
        return bcrypt.executeBlocking(() -> {
            boolean ok = BcryptUtil.matches(secret, storedHash);
            if (ok) {
                if (verified.size() >= MAX_REMEMBERED) {
                    verified.clear();
                }
                verified.put(fingerprint, storedHash);
            }
            return ok;
        }, false);
    }

    private String fingerprint(String principal, String secret) {
        try {
            Mac mac = (Mac) fingerprintMac.clone();
            mac.update(principal.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Base64.getEncoder().encodeToString(mac.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's HmacSHA256 can be cloned", e);
        }
    }
}
