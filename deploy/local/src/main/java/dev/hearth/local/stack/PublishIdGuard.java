package dev.hearth.local.stack;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.mqtt.message.publish.PUBLISH;
import com.hivemq.persistence.payload.PublishPayloadPersistence;
import com.hivemq.persistence.payload.PublishPayloadPersistenceImpl;

/**
 * Works around a loss in HiveMQ CE's file persistence after a crash. A queued message is written twice: its queue
 * entry, then its payload under a numeric id. A crash (kill -9, the OOM killer, a power cut) between the two leaves an
 * entry whose id has no payload. At the next start HiveMQ numbers new payloads from the highest id in its payload store,
 * so that orphan's id goes to a new message, whose payload HiveMQ then takes as already stored: the new message,
 * acknowledged to its publisher, is dropped at delivery. Seen once in the chaos run as one reading missing.
 *
 * <p>Started as an embedded extension, which HiveMQ starts after its stores are read and before its listeners open, it
 * moves the id counter past every id a queued or retained message refers to. The orphan itself is still dropped when
 * its turn comes ("Internal error" in {@link BrokerDrops}); its publisher never had an acknowledgement for it and sends
 * it again. HiveMQ keeps both the counter and the references internal, hence the reflection: pinned to the HiveMQ
 * version of the build, and a start that cannot reach them says so and goes on as HiveMQ alone would.
 */
final class PublishIdGuard implements ExtensionMain {

    private final AtomicReference<EmbeddedHiveMQ> broker;

    private PublishIdGuard(AtomicReference<EmbeddedHiveMQ> broker) {
        this.broker = broker;
    }

    /** The extension; {@code broker} is set to the broker it belongs to before that broker starts. */
    static EmbeddedExtension extension(AtomicReference<EmbeddedHiveMQ> broker) {
        return EmbeddedExtension.builder().withId("hearth-publish-id-guard").withName("Hearth publish id guard").withVersion("1")
                .withAuthor("Hearth").withPriority(0).withStartPriority(1000).withExtensionMain(new PublishIdGuard(broker)).build();
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        try {
            long next = beyond(referencedIds(broker.get()), PUBLISH.PUBLISH_COUNTER.get());
            PUBLISH.PUBLISH_COUNTER.accumulateAndGet(next, Math::max);
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("hearth: could not check the embedded broker's message ids after its start (" + e
                    + "); a crash of the broker may lose a message");
        }
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        // nothing to release
    }

    /** The first id that no stored message refers to, and not below {@code counter}. */
    static long beyond(Iterable<Long> referenced, long counter) {
        long next = counter;
        for (long id : referenced) {
            next = Math.max(next, id + 1);
        }
        return next;
    }

    /** The payload ids the broker's queues and retained messages refer to, counted as it read its stores. */
    private static Iterable<Long> referencedIds(EmbeddedHiveMQ hivemq) throws ReflectiveOperationException {
        Method injectorOf = hivemq.getClass().getDeclaredMethod("getInjector");
        injectorOf.setAccessible(true);
        com.google.inject.Injector injector = (com.google.inject.Injector) injectorOf.invoke(hivemq);
        PublishPayloadPersistence payloads = injector.getInstance(PublishPayloadPersistence.class);
        if (!(payloads instanceof PublishPayloadPersistenceImpl)) {
            return java.util.List.of(); // kept in memory: nothing survives a crash to refer to an id
        }
        // Returns Guava's ImmutableMap, which HiveMQ keeps off the compile class path.
        Map<?, ?> counts = (Map<?, ?>) PublishPayloadPersistenceImpl.class.getMethod("getReferenceCountersAsMap").invoke(payloads);
        return counts.keySet().stream().map(Long.class::cast).toList();
    }
}
