package dev.hearth.local.stack;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The messages a mosquitto dropped, from its {@code $SYS/broker/publish/messages/dropped} (a client's queue full, as
 * when history-service stays away longer than its queue lasts): mosquitto drops silently otherwise. Its counter
 * starts from zero with each mosquitto run; this one adds the runs up.
 */
final class MosquittoDrops implements AutoCloseable {

    static final String TOPIC = "$SYS/broker/publish/messages/dropped";

    private final MqttClient client;
    /** Drops of the broker runs before the current one. */
    private final AtomicLong earlier = new AtomicLong();
    private final AtomicLong current = new AtomicLong();

    MosquittoDrops(String url) throws MqttException {
        client = new MqttClient(url.replace("mqtt://", "tcp://"), "hearth-launcher-drops", new MemoryPersistence());
        client.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
                try {
                    client.subscribe(TOPIC, 0);
                } catch (MqttException e) {
                    // the next reconnect subscribes again
                }
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                seen(Long.parseLong(new String(message.getPayload(), StandardCharsets.US_ASCII).trim()));
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
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(5);
        client.connect(options);
    }

    /** A value of the broker's counter (since the broker's start). */
    void seen(long value) {
        current.set(value);
    }

    /**
     * The broker was started again, its counter from zero. Told by whoever started it, not guessed from the values:
     * mosquitto publishes a counter when it changes, so a new run's first value can be as high as the last run's.
     */
    synchronized void restarted() {
        earlier.addAndGet(current.getAndSet(0));
    }

    /** Messages dropped since the launcher started the broker, as of the broker's last report. */
    synchronized long dropped() {
        return earlier.get() + current.get();
    }

    @Override
    public void close() {
        try {
            client.disconnectForcibly(1_000, 1_000);
            client.close(true);
        } catch (MqttException e) {
            // closing anyway
        }
    }
}
