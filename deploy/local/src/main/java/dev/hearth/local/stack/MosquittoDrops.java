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
    void connect() {
        close(swap(null));
        MqttClient c = null;
        try {
            c = new MqttClient(url, clientId, new MemoryPersistence());
            MqttClient self = c;
            c.setCallback(new MqttCallback() {
                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    try {
                        seen(self, Long.parseLong(new String(message.getPayload(), StandardCharsets.US_ASCII).trim()));
                    } catch (NumberFormatException e) {
                        // not a count: keep the last one (throwing here would make Paho drop the connection)
                    }
                }

                @Override
                public void connectionLost(Throwable cause) {
                    lost(self);
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            c.setTimeToWait(5_000);
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            options.setConnectionTimeout(5);
            swap(c); // before subscribing: the broker's retained count comes at once
            c.connect(options);
            c.subscribe(TOPIC, 0);
            synchronized (this) {
                counting = client == c && c.isConnected(); // lost() may have run meanwhile
            }
        } catch (MqttException | RuntimeException e) {
            synchronized (this) {
                counting = false;
                if (client == c) {
                    client = null;
                }
            }
            close(c);
            // Hearth runs without it; what it would have said is then only in mosquitto's own statistics.
            System.err.println("hearth: mosquitto's count of dropped messages ($SYS) cannot be read: " + e.getMessage());
        }
    }

    /** A value from {@code from}: ignored unless it is the current client (an old one may still be delivering). */
    private synchronized void seen(MqttClient from, long value) {
        if (from == client) {
            current = value;
        }
    }

    /** The broker went away by itself: until it is started again, what it drops cannot be known. */
    private synchronized void lost(MqttClient from) {
        if (from == client) {
            counting = false;
            System.err.println("hearth: lost mosquitto's count of dropped messages ($SYS): the broker went away");
        }
    }

    /** The broker stopped and is about to start again, its counter from zero: what it counted so far is kept. */
    void restarted() {
        MqttClient old;
        synchronized (this) { // one step: a last report of the old run must not land after the fold
            earlier += current;
            current = 0;
            old = swap(null);
        }
        close(old);
    }

    /** Messages dropped since the broker was first started, as of its last report; empty when it cannot be read. */
    synchronized OptionalLong dropped() {
        return counting ? OptionalLong.of(earlier + current) : OptionalLong.empty();
    }

    /**
     * Makes {@code next} the client whose reports count, and returns the one before. Closing happens outside this
     * object's lock: Paho's callback thread may be waiting for it.
     */
    private synchronized MqttClient swap(MqttClient next) {
        MqttClient before = client;
        client = next;
        return before;
    }

    private static void close(MqttClient c) {
        if (c == null) {
            return;
        }
        try {
            c.disconnectForcibly(500, 500);
        } catch (MqttException | RuntimeException e) {
            // closing anyway
        }
        try {
            c.close(true);
        } catch (MqttException | RuntimeException e) {
            // nothing more to free
        }
    }

    @Override
    public void close() {
        close(swap(null));
    }
}
