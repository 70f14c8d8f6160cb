package dev.hearth.control.pid;

/** One tick's result: the output, its three terms, whether it hit a limit, and the state for the next tick. */
public record PidStep(double output, double p, double i, double d, boolean saturated, PidState next) {
}
