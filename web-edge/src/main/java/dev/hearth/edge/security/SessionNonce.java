package dev.hearth.edge.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicReference;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * Ends a user's dashboard sessions when their password changes. Quarkus's login cookie names only the user and stays
 * valid for as long as it is used, so a copied cookie would outlive the password it was opened with. Beside it the
 * login sets {@value #COOKIE}: the user's session nonce, a random value kept in {@code app_user} and replaced with
 * every new password. A session cookie counts only together with the nonce the user has now.
 */
public final class SessionNonce {

    public static final String COOKIE = "hearth-session";
    /** Where the dashboard posts its login (Quarkus's form authentication). */
    static final String LOGIN_PATH = "/j_security_check";

    /** Whether the request is for the login form's address. */
    public static boolean isLoginPath(RoutingContext rc) {
        return LOGIN_PATH.equals(rc.normalizedPath());
    }

    private SessionNonce() {
    }

    /**
     * On the login form's request, arranges for the answer to carry the nonce that the returned holder holds by then
     * (set once the password matched; an answer to a failed login gets none); null for any other request. Called on
     * the request's event loop, before the answer is written.
     */
    static AtomicReference<String> sendOnLogin(RoutingContext rc) {
        if (rc == null || rc.request().method() != HttpMethod.POST || !isLoginPath(rc)) {
            return null;
        }
        AtomicReference<String> nonce = new AtomicReference<>();
        rc.addHeadersEndHandler(v -> {
            String value = nonce.get();
            if (value != null) {
                rc.response().addCookie(Cookie.cookie(COOKIE, value).setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
                        .setSecure(rc.request().isSSL()));
            }
        });
        return nonce;
    }

    /** The nonce the request carries, or null. */
    static String of(RoutingContext rc) {
        Cookie cookie = rc == null ? null : rc.request().getCookie(COOKIE);
        return cookie == null ? null : cookie.getValue();
    }

    /** Whether {@code carried} is the user's {@code current} nonce. */
    static boolean matches(String carried, String current) {
        return carried != null && current != null
                && MessageDigest.isEqual(carried.getBytes(StandardCharsets.UTF_8), current.getBytes(StandardCharsets.UTF_8));
    }
}
