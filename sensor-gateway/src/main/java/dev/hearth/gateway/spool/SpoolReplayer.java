package dev.hearth.gateway.spool;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.hearth.gateway.config.GatewayConfig;
import dev.hearth.gateway.mqtt.BrokerConnection;
import dev.hearth.gateway.mqtt.GatewayPublisher;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;

/**
 * Hands the spooled readings to the broker once it is reachable again, oldest first and with their original
 * {@code ts}, and forgets each batch only when the broker has taken all of it.
 */
@ApplicationScoped
public class SpoolReplayer {

    private static final Logger LOG = Logger.getLogger(SpoolReplayer.class);
    private static final int BATCH = 200;

    private final ReadingSpool spool;
    private final GatewayPublisher publisher;
    private final BrokerConnection broker;

    public SpoolReplayer(ReadingSpool spool, GatewayPublisher publisher, BrokerConnection broker, MeterRegistry metrics) {
        this.spool = spool;
        this.publisher = publisher;
        this.broker = broker;
        Gauge.builder("hearth.gateway.spool.bytes", spool, ReadingSpool::pendingBytes).register(metrics);
        Gauge.builder("hearth.gateway.spool.dropped", spool, ReadingSpool::dropped).register(metrics);
    }

    @Produces
    @Singleton
    static ReadingSpool spool(GatewayConfig config) {
        Path dir = Paths.get(config.spoolDir()).toAbsolutePath();
        return new ReadingSpool(dir, config.spoolMaxBytes());
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void replay() {
        while (!spool.isEmpty() && broker.isUp()) {
            List<ReadingSpool.Entry> batch = spool.peek(BATCH);
            List<CompletableFuture<Void>> sent = new ArrayList<>();
            for (ReadingSpool.Entry entry : batch) {
                sent.add(entry.topic() == null ? CompletableFuture.completedFuture(null) : publisher.replay(entry.topic(), entry.payload()));
            }
            List<ReadingSpool.Entry> delivered = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                try {
                    sent.get(i).get(10, TimeUnit.SECONDS);
                    delivered.add(batch.get(i));
                } catch (Exception e) {
                    break; // keep this one and the rest; the next tick tries again
                }
            }
            spool.remove(delivered);
            if (!delivered.isEmpty()) {
                LOG.infof("Replayed %d spooled reading(s)", delivered.size());
            }
            if (delivered.size() < batch.size()) {
                return;
            }
        }
    }
}
