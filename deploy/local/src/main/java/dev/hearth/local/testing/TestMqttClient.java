package dev.hearth.local.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * An independent MQTT client (Eclipse Paho, not the services' own stack) that tests use to watch and drive a service
 * the way Home Assistant or Node-RED would.
 */
public final class TestMqttClient implements AutoCloseable {

    /** One message as received. */
    public record Received(String topic, String payload, boolean retained, int qos) {
    }

    private final MqttClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public TestMqttClient(String host, int port) {
        try {
            client = new MqttClient("tcp://" + host + ":" + port, "test-" + UUID.randomUUID(), new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            options.setAutomaticReconnect(false);
            options.setMaxInflight(1000);
            // One callback for every subscription: Paho's per-filter listeners match topics themselves, and drop
            // what a shared subscription ($share/group/...) delivers.
            client.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    received.add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8), message.isRetained(),
                            message.getQos()));
                }

                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
                }
            });
            client.connect(options);
        } catch (MqttException e) {
            throw new IllegalStateException("cannot connect to mqtt://" + host + ":" + port, e);
        }
    }

    public TestMqttClient subscribe(String filter) {
        return subscribe(filter, 1);
    }

    public TestMqttClient subscribe(String filter, int qos) {
        try {
            client.subscribe(filter, qos);
            return this;
        } catch (MqttException e) {
            throw new IllegalStateException("cannot subscribe to " + filter, e);
        }
    }

    public void publish(String topic, String payload, boolean retained) {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8), retained);
    }

    /** Publishes raw bytes (QoS 1), for payloads that are not text. */
    public void publish(String topic, byte[] payload, boolean retained) {
        try {
            MqttMessage message = new MqttMessage(payload);
            message.setQos(1);
            message.setRetained(retained);
            client.publish(topic, message);
        } catch (MqttException e) {
            throw new IllegalStateException("cannot publish to " + topic, e);
        }
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    public List<Received> received(String topic) {
        return received.stream().filter(m -> m.topic().equals(topic)).toList();
    }

    /** Waits for the first message that matches, failing with what did arrive when none does in time. */
    public Received await(Predicate<Received> match, Duration timeout) {
        return Poll.first(this::received, match, timeout,
                () -> "received " + received.size() + " MQTT messages, last ones: " + lastTopics(10));
    }

    public Received awaitOn(String topic, Duration timeout) {
        return await(m -> m.topic().equals(topic), timeout);
    }

    private List<String> lastTopics(int n) {
        List<Received> all = received();
        return all.subList(Math.max(0, all.size() - n), all.size()).stream().map(m -> m.topic() + " " + m.payload()).toList();
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(1000);
            }
            client.close();
        } catch (MqttException e) {
            // the broker may already be gone in fault tests
        }
    }
}
