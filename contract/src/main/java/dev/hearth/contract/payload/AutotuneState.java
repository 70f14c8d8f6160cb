package dev.hearth.contract.payload;

/** Where a loop's relay autotune is. */
public enum AutotuneState implements Coded {
    RUNNING("running"),
    DONE("done"),
    FAILED("failed");

    private final String code;

    AutotuneState(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
