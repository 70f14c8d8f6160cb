package dev.hearth.gateway.safety;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The gateway's own tick, four times a second, for the two safety rules that depend on time: a command that ran out
 * returns its output to failsafe, and a broker lost for longer than the grace period sends every output there. Not
 * Quarkus's scheduler, which looks at its triggers once a second: with it an output stayed on up to a second after its
 * command ended, and the grace period ran up to 2 s long.
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
            // Throwable, not only exceptions: an Error from a native driver must not stop both safety rules for good.
            try {
                actuators.expireCommands();
            } catch (Throwable e) {
                LOG.error("Expiring commands failed", e);
            }
            try {
                watchdog.check();
            } catch (Throwable e) {
                LOG.error("Checking the broker connection failed", e);
            }
        }, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Before the gateway's own stop (which fails every output safe and closes the hardware), and without interrupting a
     * tick that is writing an output: it is let finish.
     */
    void stop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) throws InterruptedException {
        timer.shutdown();
        if (!timer.awaitTermination(1, TimeUnit.SECONDS)) {
            LOG.warn("A safety tick did not finish within 1 s of the stop");
        }
    }
}
