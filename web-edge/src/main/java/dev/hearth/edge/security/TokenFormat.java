package dev.hearth.edge.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An API token reads {@code hth_<id>_<secret>}: the id (12 hex digits) finds the stored row, the secret (256 random
 * bits, base64url) is checked against its hash. The prefix lets secret scanners and people recognise a Hearth token.
 */
public final class TokenFormat {

    /** A token as issued: shown to its owner once. */
    public record Issued(String id, String secret, String token) {
    }

    /** A token as presented. */
    public record Presented(String id, String secret) {
    }

    private static final Pattern TOKEN = Pattern.compile("hth_([0-9a-f]{12})_([A-Za-z0-9_-]{43})");
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenFormat() {
    }

    public static Issued issue() {
        byte[] id = new byte[6];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(secret);
        String idText = HexFormat.of().formatHex(id);
        String secretText = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new Issued(idText, secretText, "hth_" + idText + "_" + secretText);
    }

    public static Optional<Presented> parse(String token) {
        Matcher m = TOKEN.matcher(token == null ? "" : token);
        return m.matches() ? Optional.of(new Presented(m.group(1), m.group(2))) : Optional.empty();
    }
}
