package dev.hearth.gateway.mqtt;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import dev.hearth.gateway.config.GatewayConfig;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.mqtt.session.MqttClientSessionOptions;

/**
 * The gateway's one MQTT connection, shared by the {@code gateway-out} and {@code commands} channels. Its last will
 * makes the broker publish {@code offline} (retained) on the status topic when the gateway vanishes without a word.
 */
@ApplicationScoped
public class MqttClientOptionsProducer {

    @Produces
    @Identifier("gateway")
    MqttClientSessionOptions options(GatewayTopics topics, GatewayConfig config) {
        MqttClientSessionOptions options = new MqttClientSessionOptions();
        options.setClientId("hearth-gateway-" + config.id());
        options.setWillFlag(true);
        options.setWillTopic(topics.status());
        options.setWillMessage("offline");
        options.setWillQoS(1);
        options.setWillRetain(true);
        options.setMaxInflightQueue(128);
        return options;
    }
}
