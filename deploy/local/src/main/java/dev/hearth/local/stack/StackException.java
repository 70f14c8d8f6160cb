package dev.hearth.local.stack;

/** A failure to start the stack that a person can act on; the launcher prints its message without a stack trace. */
public class StackException extends RuntimeException {

    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
