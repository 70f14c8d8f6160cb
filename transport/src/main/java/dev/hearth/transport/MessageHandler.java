package dev.hearth.transport;

import java.util.concurrent.CompletionStage;

/**
 * Handles the messages of one subscription. The returned stage completes when the service is done with the message
 * (for history-service: when its row is committed); only then is a QoS 1 message acknowledged to the broker, and
 * until then it counts towards the session's in-processing limit. A handler that throws or fails its stage has the
 * failure counted and logged; the message is acknowledged all the same (a poison message must not stop the
 * subscription) and the next one is delivered.
 */
@FunctionalInterface
public interface MessageHandler {

    CompletionStage<Void> handle(IncomingMessage message);
}
