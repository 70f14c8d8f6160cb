package dev.hearth.control.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hearth.contract.json.ContractReader;
import dev.hearth.contract.payload.LoopConfigChange;
import dev.hearth.contract.payload.LoopMode;
import dev.hearth.control.controller.RelayAutotune;
import dev.hearth.control.store.LoopStore;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The loops of a home across restarts of control-service: configuration first, run-time changes kept. */
class LoopsTest {

    @TempDir
    Path data;

    private LoopsConfig config(Map<String, String> extra) {
        Map<String, String> p = new HashMap<>(Map.of(
                "hearth.control.data-dir", data.toString(),
                "hearth.control.loops.living-climate.sensor", "living-temp",
                "hearth.control.loops.living-climate.actuator", "living-heater",
                "hearth.control.loops.living-climate.setpoint", "21",
                "hearth.control.loops.living-climate.setpoint-min", "5",
                "hearth.control.loops.living-climate.setpoint-max", "30",
                "hearth.control.loops.living-climate.kp", "0.4"));
        p.putAll(extra);
        SmallRyeConfig c = new SmallRyeConfigBuilder().withMapping(LoopsConfig.class)
                .withConverter(java.time.Duration.class, 100, new io.quarkus.runtime.configuration.DurationConverter())
                .withSources(new PropertiesConfigSource(p, "test", 100)).build();
        return c.getConfigMapping(LoopsConfig.class);
    }

    private static LoopConfigChange change(String json) {
        return (LoopConfigChange) ContractReader.loopConfigChange(json.getBytes()).value();
    }

    @Test
    void aChangeSurvivesARestartAndWinsOverTheConfigurationFile() {
        Loops first = new Loops(config(Map.of()), LoopRulesTest.equipment());
        assertThat(first.change("living-climate", change("{\"setpoint\":22.5}")).accepted()).isTrue();

        Loops restarted = new Loops(config(Map.of()), new Equipment());
        assertThat(restarted.all()).singleElement().satisfies(l -> assertThat(l.config().setpoint()).isEqualTo(22.5));
    }

    @Test
    void aRefusedChangeKeepsTheOldConfig() {
        Loops loops = new Loops(config(Map.of()), LoopRulesTest.equipment());
        Loops.Outcome outcome = loops.change("living-climate", change("{\"setpoint\":40}"));
        assertThat(outcome.accepted()).isFalse();
        assertThat(outcome.reason()).contains("outside");
        assertThat(loops.all().get(0).config().setpoint()).isEqualTo(21);
        assertThat(new Loops(config(Map.of()), new Equipment()).all().get(0).config().setpoint()).isEqualTo(21);
    }

    @Test
    void loopsAreAddedAndRemovedAtRunTimeAndStaySo() {
        Loops loops = new Loops(config(Map.of()), LoopRulesTest.equipment());
        assertThat(loops.change("porch-light", change("{\"kind\":\"threshold\",\"sensor\":\"porch-lux\",\"actuator\":\"porch-lamp\","
                + "\"setpoint\":40}")).accepted()).isTrue();
        assertThat(loops.change("living-climate", change("{\"remove\":true}")).accepted()).isTrue();
        assertThat(loops.all()).extracting(l -> l.config().loop()).containsExactly("porch-light");

        // Removed at run time, the configured loop does not come back from the configuration file.
        Loops restarted = new Loops(config(Map.of()), new Equipment());
        assertThat(restarted.all()).extracting(l -> l.config().loop()).containsExactly("porch-light");
    }

    @Test
    void onlyOneLoopDrivesAnActuator() {
        Loops loops = new Loops(config(Map.of()), LoopRulesTest.equipment());
        Loops.Outcome second = loops.change("second-heat", change("{\"kind\":\"hysteresis\",\"sensor\":\"living-temp\","
                + "\"actuator\":\"living-heater\",\"setpoint\":20}"));
        assertThat(second.accepted()).isFalse();
        assertThat(second.reason()).contains("already driven by loop 'living-climate'");
    }

    @Test
    void aLoopAddedToTheConfigurationFileLaterIsPickedUp() {
        new Loops(config(Map.of()), new Equipment()).change("living-climate", change("{\"setpoint\":22}"));
        Loops later = new Loops(config(Map.of("hearth.control.loops.hall.kind", "hysteresis", "hearth.control.loops.hall.sensor", "hall-temp",
                "hearth.control.loops.hall.actuator", "hall-heater", "hearth.control.loops.hall.setpoint", "19")), new Equipment());
        assertThat(later.all()).extracting(l -> l.config().loop()).containsExactly("hall", "living-climate");
    }

    @Test
    void afterAnAutotuneTheLoopReturnsToItsModeAndStaysThereAcrossARestart() {
        Loops loops = new Loops(config(Map.of()), LoopRulesTest.equipment());
        loops.change("living-climate", change("{\"mode\":\"manual\",\"manualOutput\":0.3}"));
        assertThat(loops.change("living-climate", change("{\"mode\":\"autotune\"}")).accepted()).isTrue();
        ControlLoop loop = loops.all().get(0);
        assertThat(loop.autotune().phase()).isEqualTo(RelayAutotune.Phase.RUNNING);

        loop.autotune().abort("no oscillation"); // as a timeout would
        loop.autotuneReported();
        assertThat(loop.tick(java.time.Instant.now(), 0, java.time.Duration.ofSeconds(15)).out()).as("handing back").isNull();
        assertThat(loops.endAutotune(loop)).hasValueSatisfying(c -> assertThat(c.mode()).isEqualTo(LoopMode.MANUAL));
        assertThat(new Loops(config(Map.of()), new Equipment()).all().get(0).config().mode()).isEqualTo(LoopMode.MANUAL);
    }

    @Test
    void aModeSetDuringAnAutotuneStands() {
        Loops loops = new Loops(config(Map.of()), LoopRulesTest.equipment());
        loops.change("living-climate", change("{\"mode\":\"autotune\"}"));
        ControlLoop loop = loops.all().get(0);
        assertThat(loops.change("living-climate", change("{\"mode\":\"off\"}")).accepted()).isTrue();
        assertThat(loop.autotune().phase()).isEqualTo(RelayAutotune.Phase.FAILED);
        loop.autotuneReported();
        assertThat(loops.endAutotune(loop)).isEmpty();
        assertThat(loop.config().mode()).as("the heater someone turned off stays off").isEqualTo(LoopMode.OFF);
    }

    @Test
    void aChangeThatCannotBeStoredIsRefusedAndNotApplied() throws Exception {
        Loops loops = new Loops(config(Map.of()), LoopRulesTest.equipment());
        java.nio.file.Files.createDirectory(data.resolve("loops.json.tmp")); // the store's temporary file cannot be written
        Loops.Outcome outcome = loops.change("living-climate", change("{\"setpoint\":23}"));
        assertThat(outcome.accepted()).isFalse();
        assertThat(outcome.reason()).contains("could not store");
        assertThat(loops.all().get(0).config().setpoint()).isEqualTo(21);
    }

    @Test
    void anUnreadableStoreIsSetAsideAndTheConfiguredLoopsRun() throws Exception {
        java.nio.file.Files.writeString(data.resolve("loops.json"), "{\"loops\":[{\"loop\"");
        Loops loops = new Loops(config(Map.of()), new Equipment());
        assertThat(loops.all()).extracting(l -> l.config().loop()).containsExactly("living-climate");
        try (var files = java.nio.file.Files.list(data)) {
            assertThat(files.map(f -> f.getFileName().toString())).anyMatch(n -> n.startsWith("loops.json.unreadable-"));
        }
    }

    @Test
    void twoConfiguredLoopsOnOneActuatorStopTheStartWithAClearMessage() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Loops(config(Map.of("hearth.control.loops.other.sensor", "x",
                "hearth.control.loops.other.actuator", "living-heater", "hearth.control.loops.other.setpoint", "20",
                "hearth.control.loops.other.kp", "1")), new Equipment()))
                .hasMessageContaining("already driven by loop");
    }

    @Test
    void staleAfterIsThreeOfTheSensorsIntervalsOnceItsManifestIsKnown() {
        Loops loops = new Loops(config(Map.of()), LoopRulesTest.equipment());
        assertThat(loops.staleAfter(loops.all().get(0))).hasMillis(15_000);
    }

    @Test
    void readingsAndTicksGoOnWhileAChangeIsBeingStored() throws Exception {
        CountDownLatch saving = new CountDownLatch(1);
        CountDownLatch synced = new CountDownLatch(1);
        LoopStore slowCard = new LoopStore(data) {
            @Override
            public void save(Contents contents) {
                saving.countDown();
                try {
                    synced.await(); // the SD card still syncing
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.save(contents);
            }
        };
        Loops loops = new Loops(config(Map.of()), LoopRulesTest.equipment(), slowCard);
        CompletableFuture<Loops.Outcome> stored = CompletableFuture.supplyAsync(() -> loops.change("living-climate", change("{\"setpoint\":22}")));
        assertThat(saving.await(10, TimeUnit.SECONDS)).isTrue();

        // What the MQTT event loop and the loop runner do meanwhile must not wait for the store.
        CompletableFuture<Integer> meanwhile = CompletableFuture.supplyAsync(() -> {
            loops.reading("living-temp", 20.5, Instant.now());
            return loops.all().size();
        });
        assertThat(meanwhile).as("a reading while the store syncs").succeedsWithin(Duration.ofSeconds(10)).isEqualTo(1);
        assertThat(loops.config("living-climate").orElseThrow().setpoint()).as("live only once stored").isEqualTo(21);

        synced.countDown();
        assertThat(stored).succeedsWithin(Duration.ofSeconds(10)).extracting(Loops.Outcome::accepted).isEqualTo(true);
        assertThat(loops.config("living-climate").orElseThrow().setpoint()).isEqualTo(22);
    }
}
