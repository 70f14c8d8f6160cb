package dev.hearth.contract.payload;

/** How an output is driven: on/off, or a ratio. */
public enum ActuatorKind implements Coded {
    RELAY("relay"),
    PWM("pwm");

    private final String code;

    ActuatorKind(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
