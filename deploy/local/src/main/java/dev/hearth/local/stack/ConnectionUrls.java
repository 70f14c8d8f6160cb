package dev.hearth.local.stack;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Parses the {@code HEARTH_MQTT_URL} and {@code HEARTH_DB_URL} forms people type into what the services take. */
public final class ConnectionUrls {

    private ConnectionUrls() {
    }

    public record Endpoint(String host, int port, String username, String password, String database) {
    }

    /** {@code mqtt://[user:password@]host[:port]} (also {@code tcp://}); the port defaults to 1883. */
    public static Endpoint mqtt(String url) {
        URI uri = parse(url, "HEARTH_MQTT_URL", "mqtt://user:password@broker.local:1883");
        if (!"mqtt".equals(uri.getScheme()) && !"tcp".equals(uri.getScheme())) {
            throw new StackException("HEARTH_MQTT_URL must start with mqtt:// (got " + url + ")");
        }
        return endpoint(uri, 1883, null);
    }

    /** {@code postgresql://[user:password@]host[:port]/database}, with or without a leading {@code jdbc:}. */
    public static Endpoint postgres(String url) {
        String plain = url.startsWith("jdbc:") ? url.substring(5) : url;
        URI uri = parse(plain, "HEARTH_DB_URL", "postgresql://hearth:secret@db.local:5432/hearth");
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw new StackException("HEARTH_DB_URL must start with postgresql:// (got " + url + ")");
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        return endpoint(uri, 5432, path.isEmpty() ? "hearth" : path);
    }

    private static Endpoint endpoint(URI uri, int defaultPort, String database) {
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        return new Endpoint(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : defaultPort, user, password, database);
    }

    private static URI parse(String url, String setting, String example) {
        try {
            URI uri = URI.create(url.trim());
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("no host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new StackException(setting + " is not a URL like " + example + " (got " + url + ")");
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
