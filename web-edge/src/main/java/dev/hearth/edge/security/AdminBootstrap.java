package dev.hearth.edge.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.hearth.edge.store.UserStore;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

/**
 * The first admin comes from {@code HEARTH_ADMIN_PASSWORD}: at every start the user {@code admin} exists, is an admin
 * and has that password. So a forgotten password is reset by restarting with a new one, and Hearth never starts
 * without someone who can log in. Every other user is managed through {@code /api/users}.
 */
@ApplicationScoped
class AdminBootstrap {

    static final String ADMIN = "admin";
    static final int MIN_PASSWORD_LENGTH = 10;

    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);

    void onStart(@Observes StartupEvent event, UserStore users, SecretHasher hasher,
            @ConfigProperty(name = "hearth.edge.admin-password") String password) throws Throwable {
        if (password.length() < MIN_PASSWORD_LENGTH || !SecretHasher.fitsBcrypt(password)) {
            throw new IllegalStateException("HEARTH_ADMIN_PASSWORD must be " + MIN_PASSWORD_LENGTH + " to "
                    + SecretHasher.MAX_SECRET_BYTES + " characters long");
        }
        boolean changed = VertxContextSupport.subscribeAndAwait(() -> users.find(ADMIN).chain(admin -> {
            Uni<Boolean> upToDate = admin != null && Role.ADMIN.id().equals(admin.role)
                    ? hasher.matches(ADMIN, password, admin.passwordHash)
                    : Uni.createFrom().item(false);
            return upToDate.chain(same -> same ? Uni.createFrom().item(false)
                    : hasher.hash(password).chain(hash -> users.put(ADMIN, hash, Role.ADMIN.id())).replaceWith(true));
        }));
        if (changed) {
            LOG.info("User 'admin' set from HEARTH_ADMIN_PASSWORD");
        }
    }
}
