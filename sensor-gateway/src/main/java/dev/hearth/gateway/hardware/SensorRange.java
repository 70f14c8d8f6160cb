package dev.hearth.gateway.hardware;

import dev.hearth.gateway.config.GatewayConfig;

/**
 * What a sensor can truly measure: declared ({@code min}, {@code max}) or its chip's datasheet range. A value outside
 * is a fault (a damaged chip, a misdeclared sensor), reported as such and never published. Declare a tighter range
 * where a reading at the chip's limit would mean a fault in your house (an indoor thermometer at 85 °C).
 */
record SensorRange(double min, double max) {

    static SensorRange of(GatewayConfig.Sensor sensor) {
        SensorRange chip = switch (sensor.driver() + "/" + sensor.quantity().code()) {
            case "bme280/temperature" -> new SensorRange(-40, 85);
            case "bme280/pressure" -> new SensorRange(300, 1100);
            case "sht31/temperature" -> new SensorRange(-40, 125);
            case "bme280/humidity", "sht31/humidity" -> new SensorRange(0, 100);
            case "bh1750/illuminance" -> new SensorRange(0, 65535 / 1.2);
            default -> null;
        };
        if (sensor.min().isEmpty() && sensor.max().isEmpty()) {
            return chip;
        }
        return new SensorRange(sensor.min().orElse(chip == null ? Double.NEGATIVE_INFINITY : chip.min()),
                sensor.max().orElse(chip == null ? Double.POSITIVE_INFINITY : chip.max()));
    }

    double check(double value) {
        if (!(value >= min && value <= max)) {
            throw new DriverException("value " + value + " is outside " + min + ".." + max, null, DriverException.Kind.RANGE);
        }
        return value;
    }
}
