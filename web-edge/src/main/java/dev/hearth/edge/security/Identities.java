package dev.hearth.edge.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;

import dev.hearth.edge.store.UserAccount;

/** The identity every way of logging in ends with: the user, its role and those below, and how it proved itself. */
public final class Identities {

    /** Identity attribute: {@link #PASSWORD}, {@link #SESSION} (the dashboard's cookie) or {@link #TOKEN}. */
    public static final String CREDENTIAL = "hearth.credential";
    public static final String PASSWORD = "password";
    public static final String SESSION = "session";
    public static final String TOKEN = "token";
    /** Identity attribute of a password or session identity: the user's session nonce then ({@link SessionNonce}). */
    public static final String SESSION_NONCE = "hearth.session-nonce";
    /** Identity attribute of a token identity: the token's id. */
    public static final String TOKEN_ID = "hearth.token";

    private Identities() {
    }

    public static SecurityIdentity of(UserAccount user, String credential) {
        return builder(user, credential).build();
    }

    public static SecurityIdentity ofToken(UserAccount user, String tokenId) {
        return builder(user, TOKEN).addAttribute(TOKEN_ID, tokenId).build();
    }

    private static QuarkusSecurityIdentity.Builder builder(UserAccount user, String credential) {
        Role role = Role.of(user.role).orElseThrow(() -> new AuthenticationFailedException("unknown role"));
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(user.name))
                .addRoles(role.granted())
                .addAttribute(CREDENTIAL, credential)
                .addAttribute(SESSION_NONCE, user.sessionNonce);
    }

    public static boolean byToken(SecurityIdentity identity) {
        return TOKEN.equals(identity.getAttribute(CREDENTIAL));
    }

    /** Whether the request was authenticated by the dashboard's session cookie (which a browser sends by itself). */
    public static boolean bySession(SecurityIdentity identity) {
        return SESSION.equals(identity.getAttribute(CREDENTIAL));
    }
}
