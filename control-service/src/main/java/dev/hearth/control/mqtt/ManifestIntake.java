package dev.hearth.control.mqtt;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.contract.Parsed;
import dev.hearth.contract.json.ContractReader;
import dev.hearth.contract.payload.Manifest;
import dev.hearth.contract.topic.Topic;
import dev.hearth.contract.topic.TopicKind;
import dev.hearth.control.loop.Equipment;
import dev.hearth.transport.IncomingMessage;
import dev.hearth.transport.RejectedMessages;
import io.micrometer.core.instrument.MeterRegistry;

/** The gateways' manifests ({@code gateways/+/manifest}, retained): what loop changes are checked against. */
@ApplicationScoped
public class ManifestIntake {

    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    private final ControlTopics topics;
    private final Equipment equipment;
    private final RejectedMessages rejected;

    public ManifestIntake(ControlTopics topics, Equipment equipment, MeterRegistry metrics) {
        this.topics = topics;
        this.equipment = equipment;
        this.rejected = new RejectedMessages(metrics, ManifestIntake.class);
    }

    public CompletionStage<Void> handle(IncomingMessage message) {
        Optional<Topic> topic = topics.parse(message.topic(), TopicKind.MANIFEST);
        if (topic.isEmpty() || message.payload() == null || message.payload().length == 0) {
            return DONE;
        }
        Parsed<?> parsed = ContractReader.read(topic.get(), message.payload());
        if (parsed.isOk()) {
            equipment.update((Manifest) parsed.value());
        } else {
            rejected.reject(TopicKind.MANIFEST, message.topic(), parsed.rejection());
        }
        return DONE;
    }
}
