package dev.hearth.contract.payload;

/**
 * Who decides a loop's output: its controller, a person ({@code manualOutput}), nobody, or the relay autotune (which
 * oscillates the process to measure it, then returns the loop to the mode it had).
 */
public enum LoopMode implements Coded {
    AUTO("auto"),
    MANUAL("manual"),
    OFF("off"),
    AUTOTUNE("autotune");

    private final String code;

    LoopMode(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
