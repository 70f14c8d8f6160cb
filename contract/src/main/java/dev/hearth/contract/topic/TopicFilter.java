package dev.hearth.contract.topic;

/** MQTT topic filters ({@code +} one level, {@code #} the rest): subscriptions, and web-edge's WebSocket filters. */
public final class TopicFilter {

    private static final String SHARE = "$share/";

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

    /**
     * The shared subscription {@code $share/<group>/<filter>}: the broker hands each matching message to one of the
     * group's subscribers, so several replicas of a service split a stream.
     */
    public static String shared(String group, String filter) {
        if (group.isEmpty() || group.contains("/") || group.contains("+") || group.contains("#")) {
            throw new IllegalArgumentException("a share group is one topic level without wildcards: '" + group + "'");
        }
        return SHARE + group + "/" + filter;
    }

    /** Whether {@code topic} matches {@code filter}; a shared subscription matches what its filter matches. */
    public static boolean matches(String filter, String topic) {
        if (filter.startsWith(SHARE)) {
            int groupEnd = filter.indexOf('/', SHARE.length());
            return groupEnd > 0 && matches(filter.substring(groupEnd + 1), topic);
        }
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
