package dev.hearth.history.security;

import io.smallrye.config.ConfigMapping;

/** Who may query history: the holder of this token, web-edge. */
@ConfigMapping(prefix = "hearth.history")
public interface ServiceTokenConfig {

    /** HEARTH_HISTORY_SERVICE_TOKEN, at least 16 characters; no default, so the service does not start without one. */
    String serviceToken();
}
