package dev.hearth.gateway.safety;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The gateway's own tick, four times a second, for the two safety rules that depend on time: a command that ran out
 * returns its output to failsafe, and a broker lost for longer than the grace period sends every output there. Not
 * Quarkus's scheduler, which looks at its triggers once a second: with it an output stayed on up to a second after its
 * command ended, and the grace period stretched by two.
 */
@ApplicationScoped
public class SafetyClock {

    static final long TICK_MS = 250;
    private static final Logger LOG = Logger.getLogger(SafetyClock.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hearth-safety-clock");
        t.setDaemon(true);
        return t;
    });

    void start(@Observes StartupEvent event, ActuatorService actuators, BrokerWatchdog watchdog) {
        timer.scheduleAtFixedRate(() -> {
            // A tick that throws must not end the clock: scheduleAtFixedRate stops at the first exception.
            try {
                actuators.expireCommands();
            } catch (RuntimeException e) {
                LOG.error("Expiring commands failed", e);
            }
            try {
                watchdog.check();
            } catch (RuntimeException e) {
                LOG.error("Checking the broker connection failed", e);
            }
        }, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        timer.shutdownNow();
    }
}
