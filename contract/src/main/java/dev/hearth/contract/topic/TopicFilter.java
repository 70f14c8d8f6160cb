package dev.hearth.contract.topic;

/** MQTT topic filters ({@code +} one level, {@code #} the rest): subscriptions, and web-edge's WebSocket filters. */
public final class TopicFilter {

    private TopicFilter() {
    }

    /** Why {@code filter} is not a valid filter, or {@code null} when it is. */
    public static String problem(String filter) {
        if (filter == null || filter.isEmpty()) {
            return "a filter must not be empty";
        }
        if (filter.length() > 256) {
            return "a filter must be at most 256 characters";
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                return "'#' may only be a whole last level (in '" + filter + "')";
            }
            if (level.contains("+") && !level.equals("+")) {
                return "'+' must be a whole level (in '" + filter + "')";
            }
        }
        return null;
    }

    public static boolean matches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length) {
                return false;
            }
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }
}
