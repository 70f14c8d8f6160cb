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
 * Before the MQTT intake starts (it observes startup later): the partitions of today and the next days exist, and
 * listed rollups are rebuilt, so that no live reading races a rebuild of its bucket. With the database down this
 * logs and goes on: rows land in the default partitions, and the hourly maintenance catches up.
 */
@ApplicationScoped
class StoreStartup {

    private static final Logger LOG = Logger.getLogger(StoreStartup.class);

    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent event, PartitionMaintenance partitions,
            RollupRebuilder rebuilder) {
        try {
            partitions.run(Instant.now()).await().atMost(Duration.ofMinutes(2));
            rebuilder.rebuildListed().await().indefinitely();
        } catch (RuntimeException e) {
            LOG.warnf("Could not prepare the store at start (%s); the hourly maintenance will", e.getMessage());
        }
    }
}
