package dev.hearth.control.controller;

/**
 * A rule rather than a regulator: on while the input is below the level ({@code sp}: light below 40 lx → lamp on),
 * and for at least {@code holdMs} after it last was, so a passing cloud or the lamp's own light does not make it
 * flicker.
 */
public final class Threshold implements Controller {

    private long holdMs;
    private double onValue;
    private double offValue;
    private long lastBelowMs = Long.MIN_VALUE;

    public Threshold(long holdMs, double offValue, double onValue) {
        retune(holdMs, offValue, onValue);
    }

    /** New settings; when the input was last below the level carries over, so a change does not cut a hold short. */
    public void retune(long holdMs, double offValue, double onValue) {
        this.holdMs = holdMs;
        this.offValue = offValue;
        this.onValue = onValue;
    }

    @Override
    public Output step(double pv, double sp, double dt, long monotonicMs) {
        if (pv < sp) {
            lastBelowMs = monotonicMs;
        }
        boolean on = lastBelowMs != Long.MIN_VALUE && monotonicMs - lastBelowMs <= holdMs;
        return Output.onOff(on ? onValue : offValue);
    }

    @Override
    public void track(double output, double pv, double sp) {
        // Nothing to carry over: the rule decides from the input alone.
    }
}
