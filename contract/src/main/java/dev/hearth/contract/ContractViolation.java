package dev.hearth.contract;

/** Thrown by {@link Parsed#orElseThrow()}; carries the {@link Rejection}. */
public final class ContractViolation extends RuntimeException {

    private final transient Rejection rejection;

    public ContractViolation(Rejection rejection) {
        super(rejection.toString(), null, false, false);
        this.rejection = rejection;
    }

    public Rejection rejection() {
        return rejection;
    }
}
