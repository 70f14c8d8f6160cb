package dev.hearth.history.ingest;

/**
 * The topics history-service reads, as {@code docs/contract.md} names them, and the series each one feeds. The
 * subscriptions themselves are in {@code application.properties} ({@code hearth/{home}/sensors/+} and
 * {@code hearth/{home}/actuators/+/state}).
 */
public final class HistoryTopics {

    private final String prefix;

    public HistoryTopics(String home) {
        this.prefix = "hearth/" + home + "/";
    }

    /** {@code sensors/<id>} for a reading topic, {@code actuators/<id>} for a state topic, or null for anything else. */
    public String seriesOf(String topic) {
        if (topic == null || !topic.startsWith(prefix)) {
            return null;
        }
        String[] parts = topic.substring(prefix.length()).split("/", -1);
        if (parts.length == 2 && parts[0].equals("sensors") && !parts[1].isEmpty()) {
            return "sensors/" + parts[1];
        }
        if (parts.length == 3 && parts[0].equals("actuators") && parts[2].equals("state") && !parts[1].isEmpty()) {
            return "actuators/" + parts[1];
        }
        return null;
    }
}
