package dev.hearth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hearth.local.stack.Ports;
import dev.hearth.local.stack.ServiceProcess;

/**
 * The packaged gateway given the k3s overlay's hardware file the way the pod gives it (QUARKUS_CONFIG_LOCATIONS): it
 * takes the file's Pi declaration, not the simulated house, and on this machine, which is no Pi, stops at start
 * naming the first device it could not open.
 */
class GatewayHardwareFileE2ETest {

    @Test
    void theK3sHardwareFileReplacesTheSimulatedHouse() throws Exception {
        Path hardware = E2e.root().resolve("deploy/k8s/base/sensor-gateway/hardware.properties");
        Path dir = E2e.root().resolve("e2e/target/gateway-hardware-" + System.currentTimeMillis());
        Path log = dir.resolve("gateway.log");
        ServiceProcess gateway = ServiceProcess.start("sensor-gateway", ServiceProcess.jarOf(E2e.root(), "sensor-gateway"), Ports.free(),
                Map.of("QUARKUS_CONFIG_LOCATIONS", hardware.toUri().toString(), "HEARTH_GATEWAY_SPOOL_DIR", dir.resolve("spool").toString(),
                        "HEARTH_MQTT_PORT", Integer.toString(Ports.free())),
                log);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> !gateway.isAlive());
        } finally {
            gateway.close();
        }
        String output = Files.readString(log);
        assertThat(output).contains("the pi platform could not open it");
        assertThat(output).doesNotContain("simulated house").doesNotContain("living-window").doesNotContain("bathroom");
    }
}
