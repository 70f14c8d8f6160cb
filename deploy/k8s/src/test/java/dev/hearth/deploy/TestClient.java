package dev.hearth.deploy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A connected MQTT client that records what it receives, as {@code "topic payload"}. */
record TestClient(MqttClient mqtt, BlockingQueue<String> received) implements AutoCloseable {

    /** A clean-session client; {@code user} null for an anonymous one. */
    static TestClient of(int port, String user, String password) throws MqttException {
        return of(port, user, password, user + "-" + Mosquitto.secret(), true);
    }

    static TestClient of(int port, String user, String password, String clientId, boolean cleanSession) throws MqttException {
        MqttClient mqtt = new MqttClient("tcp://127.0.0.1:" + port, clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(cleanSession);
        options.setMaxInflight(100);
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password.toCharArray());
        }
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        mqtt.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        mqtt.connect(options);
        return new TestClient(mqtt, received);
    }

    /** A service's user, with the password the test broker was given. */
    static TestClient as(Mosquitto broker, String user) throws MqttException {
        return of(broker.port, user, Mosquitto.PASSWORDS.get(user));
    }

    void publish(String topic, String payload) throws MqttException {
        MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        mqtt.publish(topic, message);
    }

    /** Whether the subscription was granted (0x80 is a refusal; Mosquitto's ACL file grants every filter and filters delivery). */
    boolean subscribe(String filter) {
        try {
            return mqtt.subscribeWithResponse(new String[] {filter}, new int[] {1}).getGrantedQos()[0] != 0x80;
        } catch (MqttException e) {
            return false;
        }
    }

    boolean receives(String expected, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        String next;
        while ((next = received.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) != null) {
            if (next.equals(expected)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws MqttException {
        if (mqtt.isConnected()) {
            mqtt.disconnect();
        }
        mqtt.close();
    }
}
