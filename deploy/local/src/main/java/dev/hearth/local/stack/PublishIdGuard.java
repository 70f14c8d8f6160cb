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
 * entry, then its payload under a numeric id. A crash of the broker's process (kill -9, the OOM killer) between the two leaves an
 * entry whose id has no payload. At the next start HiveMQ numbers new payloads from the highest id in its payload store,
 * so that orphan's id goes to a new message, whose payload HiveMQ then takes as already stored: the new message,
 * acknowledged to its publisher, is dropped at delivery. Seen once in the chaos run as one reading missing.
 *
 * <p>Started as an embedded extension, which HiveMQ starts after its stores are read and before its listeners open, it
 * moves the id counter past every id a queued or retained message or a will refers to. The orphan itself is still dropped when
 * its turn comes ("Internal error" in {@link BrokerDrops}); its publisher never had an acknowledgement for it and sends
 * it again. HiveMQ keeps both the counter and the references internal, hence the reflection: pinned to the HiveMQ
 * version of the build, and a start that cannot reach them says so and goes on as HiveMQ alone would.
 */
final class PublishIdGuard implements ExtensionMain {

    private final AtomicReference<EmbeddedHiveMQ> broker;
    private volatile boolean checked;

    /** {@code broker} is set to the broker the guard belongs to before that broker starts. */
    PublishIdGuard(AtomicReference<EmbeddedHiveMQ> broker) {
        this.broker = broker;
    }

    EmbeddedExtension extension() {
        return EmbeddedExtension.builder().withId("hearth-publish-id-guard").withName("Hearth publish id guard").withVersion("1")
                .withAuthor("Hearth").withPriority(0).withStartPriority(1000).withExtensionMain(this).build();
    }

    /** Whether the last start of the broker moved the counter past every stored id (false: it could not look). */
    boolean checked() {
        return checked;
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        checked = false;
        try {
            PUBLISH.PUBLISH_COUNTER.accumulateAndGet(highestReferencedId(broker.get()) + 1, Math::max);
            checked = true;
        } catch (Exception | LinkageError e) {
            // A LinkageError too: after a HiveMQ upgrade it would otherwise disable this extension in HiveMQ's log only.
            System.err.println("hearth: could not check the embedded broker's message ids after its start (" + e
                    + "); a crash of the broker may then lose a message");
        }
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        // nothing to release
    }

    /** The highest payload id the broker's queues, retained messages and wills refer to, counted as it read its stores. */
    private static long highestReferencedId(EmbeddedHiveMQ hivemq) throws ReflectiveOperationException {
        Method injectorOf = hivemq.getClass().getDeclaredMethod("getInjector");
        injectorOf.setAccessible(true);
        com.google.inject.Injector injector = (com.google.inject.Injector) injectorOf.invoke(hivemq);
        PublishPayloadPersistence payloads = injector.getInstance(PublishPayloadPersistence.class);
        if (!(payloads instanceof PublishPayloadPersistenceImpl)) {
            return -1; // kept in memory: nothing survives a crash to refer to an id
        }
        // Returns Guava's ImmutableMap, which HiveMQ keeps off the compile class path.
        Map<?, ?> counts = (Map<?, ?>) PublishPayloadPersistenceImpl.class.getMethod("getReferenceCountersAsMap").invoke(payloads);
        long highest = -1;
        for (Object id : counts.keySet()) {
            highest = Math.max(highest, (Long) id);
        }
        return highest;
    }
}
