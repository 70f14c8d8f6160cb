package dev.hearth.contract.payload;

/** Who decides a loop's output: its controller, a person ({@code manualOutput}), or nobody. */
public enum LoopMode implements Coded {
    AUTO("auto"),
    MANUAL("manual"),
    OFF("off");

    private final String code;

    LoopMode(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
