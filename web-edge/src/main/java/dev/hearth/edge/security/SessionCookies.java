package dev.hearth.edge.security;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.core.http.Cookie;

/** The dashboard's session cookies: Quarkus's login cookie (its name from configuration) and the nonce beside it. */
@ApplicationScoped
public class SessionCookies {

    private final String loginCookie;

    public SessionCookies(@ConfigProperty(name = "quarkus.http.auth.form.cookie-name", defaultValue = "quarkus-credential") String loginCookie) {
        this.loginCookie = loginCookie;
    }

    /** Cookies that remove both from the browser: at a logout, and on a stale session's answer. */
    public List<Cookie> expired() {
        return List.of(Cookie.cookie(loginCookie, "").setPath("/").setMaxAge(0).setHttpOnly(true),
                Cookie.cookie(SessionNonce.COOKIE, "").setPath("/").setMaxAge(0).setHttpOnly(true));
    }
}
