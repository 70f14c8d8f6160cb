package dev.hearth.contract.topic;

import dev.hearth.contract.payload.Coded;

/** The kinds of topic under {@code hearth/{home}/}; the code names the kind in metrics ({@code kind} tag). */
public enum TopicKind implements Coded {
    /** {@code gateways/{gw}/status}: {@code online} / {@code offline}. */
    GATEWAY_STATUS("status"),
    /** {@code gateways/{gw}/manifest}. */
    MANIFEST("manifest"),
    /** {@code sensors/{sensor}}. */
    READING("reading"),
    /** {@code actuators/{actuator}/state}. */
    ACTUATOR_STATE("actuator-state"),
    /** {@code actuators/{actuator}/set}. */
    COMMAND("command"),
    /** {@code loops/{loop}/config}. */
    LOOP_CONFIG("loop-config"),
    /** {@code loops/{loop}/config/set}. */
    LOOP_CONFIG_SET("loop-config-set"),
    /** {@code loops/{loop}/config/result}: control-service's answer to a change. */
    LOOP_CONFIG_RESULT("loop-config-result"),
    /** {@code loops/{loop}/status}. */
    LOOP_STATUS("loop-status"),
    /** {@code loops/{loop}/autotune}. */
    LOOP_AUTOTUNE("loop-autotune");

    private final String code;

    TopicKind(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }

    /** The topic of this kind for {@code id}, relative to {@code hearth/{home}/}. */
    String relative(String id) {
        return switch (this) {
            case GATEWAY_STATUS -> "gateways/" + id + "/status";
            case MANIFEST -> "gateways/" + id + "/manifest";
            case READING -> "sensors/" + id;
            case ACTUATOR_STATE -> "actuators/" + id + "/state";
            case COMMAND -> "actuators/" + id + "/set";
            case LOOP_CONFIG -> "loops/" + id + "/config";
            case LOOP_CONFIG_SET -> "loops/" + id + "/config/set";
            case LOOP_CONFIG_RESULT -> "loops/" + id + "/config/result";
            case LOOP_STATUS -> "loops/" + id + "/status";
            case LOOP_AUTOTUNE -> "loops/" + id + "/autotune";
        };
    }

    /** The kind of a relative topic's levels, or null. */
    static TopicKind of(String[] levels) {
        if (levels.length == 2 && levels[0].equals("sensors")) {
            return READING;
        }
        if (levels.length == 3) {
            return switch (levels[0] + "/" + levels[2]) {
                case "gateways/status" -> GATEWAY_STATUS;
                case "gateways/manifest" -> MANIFEST;
                case "actuators/state" -> ACTUATOR_STATE;
                case "actuators/set" -> COMMAND;
                case "loops/config" -> LOOP_CONFIG;
                case "loops/status" -> LOOP_STATUS;
                case "loops/autotune" -> LOOP_AUTOTUNE;
                default -> null;
            };
        }
        if (levels.length == 4 && levels[0].equals("loops") && levels[2].equals("config")) {
            return switch (levels[3]) {
                case "set" -> LOOP_CONFIG_SET;
                case "result" -> LOOP_CONFIG_RESULT;
                default -> null;
            };
        }
        return null;
    }
}
