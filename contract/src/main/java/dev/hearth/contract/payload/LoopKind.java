package dev.hearth.contract.payload;

/** The controller a loop runs. */
public enum LoopKind implements Coded {
    PID("pid"),
    HYSTERESIS("hysteresis"),
    THRESHOLD("threshold");

    private final String code;

    LoopKind(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
