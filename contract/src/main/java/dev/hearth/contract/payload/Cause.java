package dev.hearth.contract.payload;

/** Why an actuator has its value: {@code expired} when a command's time to live ran out, {@code failsafe} when the broker was gone longer than the grace period. */
public enum Cause implements Coded {
    STARTUP("startup"),
    COMMAND("command"),
    EXPIRED("expired"),
    FAILSAFE("failsafe"),
    SHUTDOWN("shutdown");

    private final String code;

    Cause(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
