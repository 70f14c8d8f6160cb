package dev.hearth.control.controller;

import java.util.ArrayList;
import java.util.List;

/**
 * Åström–Hägglund relay autotune. The output switches between {@code low} and {@code high} (the loop's own output
 * limits, so nothing outside what the loop may do anyway) whenever the process value crosses the setpoint by more
 * than {@code hysteresis}; the process settles into a limit cycle whose amplitude {@code a} and period give the
 * ultimate gain {@code ku = 4d / (π √(a² − ε²))} (d: half the relay swing, ε: the hysteresis) and the ultimate period
 * {@code pu}. {@code a} is the amplitude of the cycle's fundamental (its first Fourier component), not half its
 * peak-to-peak: a room's cycle is nearly triangular, and the peaks alone would understate ku by about a fifth. It is done once the last three cycles agree within 10 %, and fails safely (low output, a reason) when the
 * process value leaves {@code pvMin..pvMax} or no steady cycle appears within the timeout.
 */
public final class RelayAutotune implements Controller {

    public enum Phase { RUNNING, DONE, FAILED }

    /** The gains one tuning rule proposes. */
    public record Proposal(String rule, double kp, double ki, double kd) {
    }

    /** What the autotune measured, and the gains derived from it. */
    public record Result(double ku, double puSeconds, List<Proposal> proposals) {
    }

    private static final int CYCLES_COMPARED = 3;
    private static final double AGREEMENT = 0.10;

    private final double low;
    private final double high;
    private final double hysteresis;
    private final double pvMin;
    private final double pvMax;
    private final long timeoutMs;

    private Phase phase = Phase.RUNNING;
    private String failure;
    private Result result;
    private long startMs = Long.MIN_VALUE;
    private Boolean relayHigh;
    private long lastRiseMs = Long.MIN_VALUE;
    private final List<Long> cycleTimes = new ArrayList<>();
    private final List<Double> cycleValues = new ArrayList<>();
    private final List<Double> periodsS = new ArrayList<>();
    private final List<Double> amplitudes = new ArrayList<>();

    public RelayAutotune(double low, double high, double hysteresis, double pvMin, double pvMax, long timeoutMs) {
        if (!(low < high) || hysteresis < 0 || !(pvMin < pvMax) || timeoutMs <= 0) {
            throw new IllegalArgumentException("autotune needs low < high, hysteresis >= 0, pvMin < pvMax and a timeout");
        }
        this.low = low;
        this.high = high;
        this.hysteresis = hysteresis;
        this.pvMin = pvMin;
        this.pvMax = pvMax;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public Output step(double pv, double sp, double dt, long monotonicMs) {
        if (phase != Phase.RUNNING) {
            return Output.onOff(low);
        }
        if (startMs == Long.MIN_VALUE) {
            startMs = monotonicMs;
        }
        if (pv < pvMin || pv > pvMax) {
            return fail("the process value " + pv + " left the safe range " + pvMin + ".." + pvMax);
        }
        if (monotonicMs - startMs > timeoutMs) {
            return fail("no steady oscillation within " + timeoutMs / 60_000 + " min (" + periodsS.size() + " cycles seen)");
        }
        cycleTimes.add(monotonicMs);
        cycleValues.add(pv);
        if (relayHigh == null) {
            relayHigh = pv < sp;
        } else if (!relayHigh && pv < sp - hysteresis) {
            relayHigh = true;
            rise(monotonicMs);
        } else if (relayHigh && pv > sp + hysteresis) {
            relayHigh = false;
        }
        if (phase == Phase.DONE) {
            return Output.onOff(low);
        }
        return Output.onOff(relayHigh ? high : low);
    }

    /** A switch to high closes one full cycle: note its period and amplitude, and see whether the last ones agree. */
    private void rise(long nowMs) {
        if (lastRiseMs != Long.MIN_VALUE) {
            periodsS.add((nowMs - lastRiseMs) / 1000.0);
            amplitudes.add(fundamental(lastRiseMs, nowMs));
        }
        lastRiseMs = nowMs;
        cycleTimes.clear();
        cycleValues.clear();
        // The first cycle starts from wherever the process was: it is never one of those compared.
        if (periodsS.size() >= CYCLES_COMPARED + 1) {
            List<Double> periods = periodsS.subList(periodsS.size() - CYCLES_COMPARED, periodsS.size());
            List<Double> amps = amplitudes.subList(amplitudes.size() - CYCLES_COMPARED, amplitudes.size());
            if (agree(periods) && agree(amps)) {
                finish(mean(amps), mean(periods));
            }
        }
    }

    /** The amplitude of the first harmonic of the process value over one cycle, from its samples. */
    private double fundamental(long fromMs, long toMs) {
        double period = toMs - fromMs;
        double re = 0;
        double im = 0;
        long previous = fromMs;
        for (int k = 0; k < cycleValues.size(); k++) {
            long t = cycleTimes.get(k);
            double w = t - previous; // each sample weighs the time since the one before
            double phase = 2 * Math.PI * (t - fromMs) / period;
            re += cycleValues.get(k) * Math.cos(phase) * w;
            im += cycleValues.get(k) * Math.sin(phase) * w;
            previous = t;
        }
        return 2 * Math.hypot(re, im) / period;
    }

    private void finish(double amplitude, double puSeconds) {
        double d = (high - low) / 2;
        double effective = amplitude > hysteresis ? Math.sqrt(amplitude * amplitude - hysteresis * hysteresis) : amplitude;
        double ku = 4 * d / (Math.PI * effective);
        result = new Result(ku, puSeconds, proposals(ku, puSeconds));
        phase = Phase.DONE;
    }

    /**
     * Ziegler–Nichols' classic PID (quarter-decay, brisk) and Tyreus–Luyben's PI (gentler, no derivative to amplify a
     * thermometer's noise: what a room people sit in wants).
     */
    static List<Proposal> proposals(double ku, double pu) {
        double znKp = 0.6 * ku;
        double tlKp = ku / 3.2;
        return List.of(new Proposal("ziegler-nichols", znKp, znKp / (pu / 2), znKp * pu / 8),
                new Proposal("tyreus-luyben", tlKp, tlKp / (2.2 * pu), 0));
    }

    private Output fail(String reason) {
        phase = Phase.FAILED;
        failure = reason;
        return Output.onOff(low);
    }

    /** Stops a running autotune from outside (the input went stale, someone changed the mode). */
    public void abort(String reason) {
        if (phase == Phase.RUNNING) {
            fail(reason);
        }
    }

    @Override
    public void track(double output, double pv, double sp) {
        // The relay starts from the process value, whatever the output was.
    }

    public Phase phase() {
        return phase;
    }

    public String failure() {
        return failure;
    }

    public Result result() {
        return result;
    }

    private static boolean agree(List<Double> values) {
        double mean = mean(values);
        return mean > 0 && values.stream().allMatch(v -> Math.abs(v - mean) <= AGREEMENT * mean);
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }
}
