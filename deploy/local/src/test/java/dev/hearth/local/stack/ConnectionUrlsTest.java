package dev.hearth.local.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConnectionUrlsTest {

    @Test
    void readsABrokerUrlWithOrWithoutCredentials() {
        assertThat(ConnectionUrls.mqtt("mqtt://broker.local")).isEqualTo(new ConnectionUrls.Endpoint("broker.local", 1883, null, null, null));
        assertThat(ConnectionUrls.mqtt("mqtt://hearth:s%40cret@10.0.0.2:8883"))
                .isEqualTo(new ConnectionUrls.Endpoint("10.0.0.2", 8883, "hearth", "s@cret", null));
        assertThat(ConnectionUrls.mqtt("tcp://b:1884").port()).isEqualTo(1884);
    }

    @Test
    void readsADatabaseUrlInEitherForm() {
        assertThat(ConnectionUrls.postgres("postgresql://hearth:pw@db:5433/homes"))
                .isEqualTo(new ConnectionUrls.Endpoint("db", 5433, "hearth", "pw", "homes"));
        assertThat(ConnectionUrls.postgres("jdbc:postgresql://db/hearth").port()).isEqualTo(5432);
        assertThat(ConnectionUrls.postgres("postgresql://db").database()).isEqualTo("hearth");
    }

    @Test
    void refusesWhatIsNotAUrlOfTheRightKind() {
        assertThatThrownBy(() -> ConnectionUrls.mqtt("http://broker")).isInstanceOf(StackException.class).hasMessageContaining("mqtt://");
        assertThatThrownBy(() -> ConnectionUrls.mqtt("broker:1883")).isInstanceOf(StackException.class).hasMessageContaining("HEARTH_MQTT_URL");
        assertThatThrownBy(() -> ConnectionUrls.postgres("mysql://db/x")).isInstanceOf(StackException.class).hasMessageContaining("postgresql://");
    }
}
