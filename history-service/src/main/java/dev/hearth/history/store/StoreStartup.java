package dev.hearth.history.store;

import java.time.Duration;
import java.time.Instant;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Before the MQTT intake starts (it observes startup later): listed rollups are rebuilt from the raw rows (before
 * maintenance may drop any of them), then today's and the next partitions are made. A rebuild and live ingest of one
 * series exclude each other through an advisory lock, so this may also finish later, in the hourly run. If the
 * database goes away after the migrations, this logs and goes on: rows land in the default partitions, and the
 * hourly run catches up.
 */
@ApplicationScoped
class StoreStartup {

    private static final Logger LOG = Logger.getLogger(StoreStartup.class);

    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent event, PartitionMaintenance partitions,
            RollupRebuilder rebuilder) {
        // Each on its own: a rebuild that fails or outlasts its wait must not leave today without its partitions.
        try {
            rebuilder.rebuildListed().await().atMost(Duration.ofMinutes(30));
        } catch (RuntimeException e) {
            LOG.warnf("Could not rebuild the listed rollups at start (%s); the hourly run will go on with it", e.getMessage());
        }
        try {
            partitions.run(Instant.now()).await().atMost(Duration.ofMinutes(2));
        } catch (RuntimeException e) {
            LOG.warnf("Could not prepare the partitions at start (%s); the hourly run will", e.getMessage());
        }
    }
}
