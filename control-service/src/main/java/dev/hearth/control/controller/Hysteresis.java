package dev.hearth.control.controller;

/**
 * The classic thermostat (what Home Assistant's {@code generic_thermostat} does): on at or below
 * {@code sp - coldTolerance}, off at or above {@code sp + hotTolerance}, unchanged in between, and never switching
 * again sooner than {@code minCycleMs} after the last switch, so a relay and a boiler are not worn out.
 */
public final class Hysteresis implements Controller {

    private double coldTolerance;
    private double hotTolerance;
    private long minCycleMs;
    private double onValue;
    private double offValue;
    private boolean on;
    private long lastSwitchMs = Long.MIN_VALUE;

    public Hysteresis(double coldTolerance, double hotTolerance, long minCycleMs, double offValue, double onValue) {
        retune(coldTolerance, hotTolerance, minCycleMs, offValue, onValue);
    }

    /** New settings; whether it is on and when it last switched carry over, so a change cannot short-cycle a relay. */
    public void retune(double coldTolerance, double hotTolerance, long minCycleMs, double offValue, double onValue) {
        this.coldTolerance = coldTolerance;
        this.hotTolerance = hotTolerance;
        this.minCycleMs = minCycleMs;
        this.offValue = offValue;
        this.onValue = onValue;
    }

    @Override
    public Output step(double pv, double sp, double dt, long monotonicMs) {
        boolean want = on;
        if (pv <= sp - coldTolerance) {
            want = true;
        } else if (pv >= sp + hotTolerance) {
            want = false;
        }
        if (want != on && (lastSwitchMs == Long.MIN_VALUE || monotonicMs - lastSwitchMs >= minCycleMs)) {
            on = want;
            lastSwitchMs = monotonicMs;
        }
        return Output.onOff(on ? onValue : offValue);
    }

    @Override
    public void track(double output, double pv, double sp) {
        on = output > (onValue + offValue) / 2;
    }
}
