package dev.hearth.contract.payload;

/** A gateway's presence, the plain text {@code online} or {@code offline} (the broker publishes the last will). */
public enum GatewayStatus implements Coded {
    ONLINE("online"),
    OFFLINE("offline");

    private final String code;

    GatewayStatus(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
