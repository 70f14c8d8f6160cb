package dev.hearth.local.stack;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The messages a mosquitto dropped, from its {@code $SYS/broker/publish/messages/dropped} (a client's queue full, as
 * when history-service stays away longer than its queue lasts): mosquitto drops silently otherwise. Its counter
 * starts from zero with each mosquitto run; this one adds the runs up. It connects when told the broker is up and
 * never reconnects on its own: a reconnect racing a restart could not tell the old run's value from the new one's.
 */
final class MosquittoDrops implements AutoCloseable {

    static final String TOPIC = "$SYS/broker/publish/messages/dropped";

    private final String url;
    private final String clientId;
    private MqttClient client;
    /** Drops of the broker runs before the current one. */
    private long earlier;
    private long current;
    private boolean counting;

    MosquittoDrops(String url) {
        this.url = url.replace("mqtt://", "tcp://");
        // Of this launcher and port: an orphaned launcher's client must not take it over on the same broker.
        this.clientId = "hearth-launcher-drops-" + ProcessHandle.current().pid() + "-" + url.substring(url.lastIndexOf(':') + 1);
    }

    /** Subscribes to the counter of the broker that now runs; says why when it cannot (then the count is unknown). */
    synchronized void connect() {
        disconnect();
        try {
            MqttClient c = new MqttClient(url, clientId, new MemoryPersistence());
            c.setCallback(new MqttCallback() {
                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    try {
                        seen(Long.parseLong(new String(message.getPayload(), StandardCharsets.US_ASCII).trim()));
                    } catch (NumberFormatException e) {
                        // not a count: keep the last one (throwing here would make Paho drop the connection)
                    }
                }

                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            options.setConnectionTimeout(5);
            c.connect(options);
            c.subscribe(TOPIC, 0);
            client = c;
            counting = true;
        } catch (MqttException | RuntimeException e) {
            counting = false;
            // Hearth runs without it; what it would have said is then only in mosquitto's own statistics.
            System.err.println("hearth: mosquitto's count of dropped messages ($SYS) cannot be read: " + e.getMessage());
        }
    }

    private synchronized void seen(long value) {
        current = value;
    }

    /** The broker stopped and is about to start again, its counter from zero: what it counted so far is kept. */
    synchronized void restarted() {
        disconnect();
        earlier += current;
        current = 0;
    }

    /** Messages dropped since the broker was first started, as of its last report; empty when it cannot be read. */
    synchronized OptionalLong dropped() {
        return counting ? OptionalLong.of(earlier + current) : OptionalLong.empty();
    }

    private void disconnect() {
        if (client == null) {
            return;
        }
        try {
            client.disconnectForcibly(500, 500);
        } catch (MqttException | RuntimeException e) {
            // closing anyway
        }
        try {
            client.close(true);
        } catch (MqttException | RuntimeException e) {
            // nothing more to free
        }
        client = null;
    }

    @Override
    public synchronized void close() {
        disconnect();
    }
}
