package dev.hearth.transport;

import java.util.concurrent.CompletionStage;

/**
 * Handles the messages of one subscription. The returned stage completes when the service is done with the message
 * (for history-service: when its row is committed); only then, and once every message that arrived before it is
 * acknowledged, is a QoS 1 message acknowledged to the broker (in arrival order), and until then it counts towards the
 * session's in-processing limit. A handler that throws or fails its stage has the failure counted and logged; the
 * message is acknowledged all the same (a poison message must not stop the subscription) and the next one is
 * delivered. A stage that never completes holds back the acknowledgements behind it: complete or fail every stage.
 */
@FunctionalInterface
public interface MessageHandler {

    CompletionStage<Void> handle(IncomingMessage message);
}
