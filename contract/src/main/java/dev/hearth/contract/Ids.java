package dev.hearth.contract;

/** Ids of homes, gateways, sensors, actuators, rooms and loops: {@code [a-z0-9][a-z0-9-]{0,63}}. */
public final class Ids {

    public static final String PATTERN = "[a-z0-9][a-z0-9-]{0,63}";

    private Ids() {
    }

    /** {@link #PATTERN}, checked character by character: every reading's ids pass through here. */
    public static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.length() > 64 || id.charAt(0) == '-') {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** {@code id}, or an {@link IllegalArgumentException} naming {@code what} when it is not an id. */
    public static String require(String what, String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException(what + " '" + id + "' is not an id: ids match " + PATTERN);
        }
        return id;
    }
}
