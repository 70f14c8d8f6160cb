package dev.hearth.contract.payload;

/** What a sensor measures. {@code light} is 1 for light and 0 for dark. */
public enum Quantity implements Coded {
    TEMPERATURE("temperature"),
    HUMIDITY("humidity"),
    ILLUMINANCE("illuminance"),
    LIGHT("light"),
    MOTION("motion"),
    CONTACT("contact"),
    PRESSURE("pressure"),
    POWER("power");

    private final String code;

    Quantity(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
