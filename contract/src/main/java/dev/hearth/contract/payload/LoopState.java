package dev.hearth.contract.payload;

/**
 * How a loop's last tick went; {@code stale-input} means it stopped commanding, {@code autotune} that the relay
 * autotune drives the output.
 */
public enum LoopState implements Coded {
    OK("ok"),
    SATURATED("saturated"),
    STALE_INPUT("stale-input"),
    OFF("off"),
    AUTOTUNE("autotune");

    private final String code;

    LoopState(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
