package dev.hearth.gateway.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.hearth.contract.payload.ActuatorKind;
import dev.hearth.contract.payload.Quantity;

/**
 * Checks the declared hardware before any pin is touched, and names every offending entry at once: a gateway that
 * starts with a mistake in its configuration drives the wrong pin. Plain Java.
 */
public final class DeclarationCheck {

    public static final Set<String> SENSOR_DRIVERS = Set.of("sim", "digital-input", "bme280", "sht31", "bh1750");
    public static final Set<String> OUTPUT_DRIVERS = Set.of("pwm", "digital-output", "time-proportioned");
    /** The BCM pins with hardware PWM on every Raspberry Pi (PWM0: 12, 18; PWM1: 13, 19). */
    public static final Set<Integer> HARDWARE_PWM_PINS = Set.of(12, 13, 18, 19);

    private DeclarationCheck() {
    }

    /** Every problem with the declaration; empty when it is sound. */
    public static List<String> problems(Declaration config, String platform, String pwmProvider) {
        List<String> problems = new ArrayList<>();
        Map<Integer, String> pins = new HashMap<>();
        Map<String, String> chips = new HashMap<>();
        Map<Integer, String> pwmChannels = new HashMap<>();
        boolean pi = "pi".equals(platform);
        if (config.sensors().isEmpty() && config.actuators().isEmpty()) {
            problems.add("no sensors and no actuators are declared (hearth.gateway.sensors.<id>.*, hearth.gateway.actuators.<id>.*;"
                    + " the simulated house is only for hearth.hardware.platform=mock)");
        }
        config.sensors().forEach((id, s) -> {
            String where = "sensor " + id + ": ";
            if (s.interval().isNegative() || s.interval().isZero()) {
                problems.add(where + "interval must be positive, not " + s.interval());
            }
            if (s.min().isPresent() && s.max().isPresent() && s.min().get() >= s.max().get()) {
                problems.add(where + "min " + s.min().get() + " is not below max " + s.max().get());
            }
            switch (s.driver()) {
                case "sim" -> {
                    if (pi) {
                        problems.add(where + "driver sim is the simulated house; on hearth.hardware.platform=pi declare real drivers");
                    }
                    if (s.signal().isEmpty()) {
                        problems.add(where + "driver sim needs a signal (temperature, humidity, illuminance, daylight, window)");
                    }
                }
                case "digital-input" -> {
                    if (s.pin().isEmpty()) {
                        problems.add(where + "driver digital-input needs a pin (BCM number)");
                    } else {
                        claim(pins, s.pin().get(), where, problems);
                    }
                    if (!Set.of("up", "down", "off").contains(s.pull())) {
                        problems.add(where + "pull must be up, down or off, not '" + s.pull() + "'");
                    }
                }
                case "bme280", "sht31", "bh1750" -> {
                    Set<Quantity> measures = switch (s.driver()) {
                        case "bme280" -> Set.of(Quantity.TEMPERATURE, Quantity.HUMIDITY, Quantity.PRESSURE);
                        case "sht31" -> Set.of(Quantity.TEMPERATURE, Quantity.HUMIDITY);
                        default -> Set.of(Quantity.ILLUMINANCE);
                    };
                    if (!measures.contains(s.quantity())) {
                        problems.add(where + s.driver() + " measures " + codes(measures) + ", not " + s.quantity().code());
                    }
                    try {
                        String chip = s.bus() + "/" + address(s.driver(), s.address().orElse(null));
                        String other = chips.putIfAbsent(chip, s.driver());
                        if (other != null && !other.equals(s.driver())) {
                            problems.add(where + "I2C bus " + s.bus() + " address " + s.address().orElse("(default)")
                                    + " is declared both as " + other + " and as " + s.driver());
                        }
                    } catch (IllegalArgumentException e) {
                        problems.add(where + e.getMessage());
                    }
                }
                default -> problems.add(where + "unknown driver '" + s.driver() + "' (one of " + sorted(SENSOR_DRIVERS) + ")");
            }
        });
        config.actuators().forEach((id, a) -> {
            String where = "actuator " + id + ": ";
            if (!Double.isFinite(a.min()) || !Double.isFinite(a.max()) || !Double.isFinite(a.failsafe())) {
                // NaN passes every comparison below, and an infinite max would turn the range check off.
                problems.add(where + "min, max and failsafe must be finite numbers (" + a.min() + ", " + a.max() + ", " + a.failsafe() + ")");
            } else if (a.kind() == ActuatorKind.RELAY && (a.min() != 0 || a.max() != 1 || (a.failsafe() != 0 && a.failsafe() != 1))) {
                problems.add(where + "a relay is off (0) or on (1): min 0, max 1 and failsafe 0 or 1 (not " + a.min() + ", " + a.max()
                        + ", " + a.failsafe() + ")");
            } else if (a.min() >= a.max()) { // one problem per mistake: a relay's failsafe of 2 is not also "outside 0..1"
                problems.add(where + "min " + a.min() + " is not below max " + a.max());
            } else if (a.failsafe() < a.min() || a.failsafe() > a.max()) {
                problems.add(where + "failsafe " + a.failsafe() + " is outside min..max " + a.min() + ".." + a.max());
            }
            if (a.maxCommandLifetime().isNegative() || a.maxCommandLifetime().isZero()) {
                problems.add(where + "max-command-lifetime must be positive");
            }
            claim(pins, a.pin(), where, problems);
            switch (a.driver()) {
                case "pwm" -> {
                    if (a.kind() != ActuatorKind.PWM) {
                        problems.add(where + "driver pwm needs kind pwm");
                    }
                    if (pi && "linuxfs".equals(pwmProvider) && !HARDWARE_PWM_PINS.contains(a.pin())) {
                        problems.add(where + "pin " + a.pin() + " has no hardware PWM (12, 13, 18 or 19); use"
                                + " hearth.hardware.pwm=pigpio, or driver time-proportioned for a relay");
                    } else if (pi && "linuxfs".equals(pwmProvider)) {
                        String other = pwmChannels.putIfAbsent(pwmChannel(a), id);
                        if (other != null) {
                            problems.add(where + "PWM channel " + pwmChannel(a) + " is already actuator " + other
                                    + "'s (pins 12 and 18 share channel 0, 13 and 19 channel 1; a Pi 5: set pwm-channel)");
                        }
                    }
                    if (a.frequencyHz() <= 0) {
                        problems.add(where + "frequency-hz must be positive");
                    }
                }
                case "digital-output" -> {
                    if (a.kind() != ActuatorKind.RELAY) {
                        problems.add(where + "driver digital-output needs kind relay (a PWM value cannot drive a relay; use time-proportioned)");
                    }
                }
                case "time-proportioned" -> {
                    if (a.kind() != ActuatorKind.PWM) {
                        problems.add(where + "driver time-proportioned takes a duty 0..1: it needs kind pwm");
                    }
                    if (a.cycle().toMillis() < 10_000) {
                        problems.add(where + "cycle " + a.cycle() + " is too short for a relay (at least 10s; minutes suit a heater)");
                    }
                    if (a.minOn().isPresent() || a.minOff().isPresent()) {
                        problems.add(where + "min-on and min-off are for kind relay; a time-proportioned output's"
                                + " shortest pulse is 2 % of its cycle");
                    }
                }
                default -> problems.add(where + "unknown driver '" + a.driver() + "' (one of " + sorted(OUTPUT_DRIVERS) + ")");
            }
            if (a.simulates().isPresent() && pi) {
                problems.add(where + "simulates is for the simulated house; remove it on hearth.hardware.platform=pi");
            }
        });
        return problems;
    }

    /** The kernel PWM channel of a hardware-PWM actuator: declared, or a Pi 1 to 4's for its pin. */
    public static int pwmChannel(GatewayConfig.Actuator a) {
        return a.pwmChannel().orElse(a.pin() == 12 || a.pin() == 18 ? 0 : 1);
    }

    /** A chip's I2C address: as declared ({@code 0x76}, or decimal), or the chip's usual one. */
    public static int address(String driver, String declared) {
        if (declared == null) {
            return switch (driver) {
                case "bme280" -> 0x76;
                case "sht31" -> 0x44;
                case "bh1750" -> 0x23;
                default -> throw new IllegalArgumentException("no default I2C address for " + driver);
            };
        }
        try {
            int address = Integer.decode(declared.trim());
            if (address < 0x03 || address > 0x77) {
                throw new IllegalArgumentException("I2C address " + declared + " is outside 0x03..0x77");
            }
            return address;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("I2C address '" + declared + "' is not a number (write it as 0x76)");
        }
    }

    private static void claim(Map<Integer, String> pins, int pin, String where, List<String> problems) {
        if (pin < 0 || pin > 27) {
            problems.add(where + "pin " + pin + " is not a Raspberry Pi GPIO (BCM 0..27)");
        }
        String other = pins.putIfAbsent(pin, where);
        if (other != null) {
            problems.add(where + "pin " + pin + " is already used by " + other.substring(0, other.length() - 2));
        }
    }

    private static String codes(Set<Quantity> quantities) {
        return quantities.stream().map(Quantity::code).sorted().toList().toString();
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }
}
