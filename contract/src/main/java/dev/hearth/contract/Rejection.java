package dev.hearth.contract;

/** A payload the contract refuses: a stable {@link Reason} for metrics and a message for people, naming the field. */
public record Rejection(Reason reason, String message) {

    @Override
    public String toString() {
        return reason.code() + ": " + message;
    }
}
