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
        // Level by level on the strings themselves: web-edge asks this for every update and every connection's filter,
        // and splitting both into arrays each time was most of its garbage.
        int fs = 0;
        int ts = 0; // -1 once the topic has no level left
        while (true) {
            int fe = levelEnd(filter, fs);
            int length = fe - fs;
            if (length == 1 && filter.charAt(fs) == '#') {
                return true; // also when the topic ended just before: "a/#" matches "a"
            }
            if (ts < 0) {
                return false;
            }
            int te = levelEnd(topic, ts);
            boolean any = length == 1 && filter.charAt(fs) == '+';
            if (!any && (length != te - ts || !filter.regionMatches(fs, topic, ts, length))) {
                return false;
            }
            boolean topicEnded = te == topic.length();
            if (fe == filter.length()) {
                return topicEnded;
            }
            fs = fe + 1;
            ts = topicEnded ? -1 : te + 1;
        }
    }

    private static int levelEnd(String s, int from) {
        int slash = s.indexOf('/', from);
        return slash < 0 ? s.length() : slash;
    }
}
