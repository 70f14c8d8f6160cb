package dev.hearth.control.loop;

/** A loop configuration or change that breaks a rule; the message is the reason a caller sees. */
public final class InvalidLoop extends Exception {

    public InvalidLoop(String reason) {
        super(reason, null, false, false);
    }
}
