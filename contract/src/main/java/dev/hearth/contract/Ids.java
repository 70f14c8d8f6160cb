package dev.hearth.contract;

import java.util.regex.Pattern;

/** Ids of homes, gateways, sensors, actuators, rooms and loops: {@code [a-z0-9][a-z0-9-]{0,63}}. */
public final class Ids {

    public static final String PATTERN = "[a-z0-9][a-z0-9-]{0,63}";

    private static final Pattern ID = Pattern.compile(PATTERN);

    private Ids() {
    }

    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** {@code id}, or an {@link IllegalArgumentException} naming {@code what} when it is not an id. */
    public static String require(String what, String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException(what + " '" + id + "' is not an id: ids match " + PATTERN);
        }
        return id;
    }
}
