package dev.hearth.contract;

import java.util.Objects;
import java.util.function.Function;

/** What a reader made of a payload: the typed value, or the {@link Rejection} saying why not. */
public final class Parsed<T> {

    private final T value;
    private final Rejection rejection;

    private Parsed(T value, Rejection rejection) {
        this.value = value;
        this.rejection = rejection;
    }

    public static <T> Parsed<T> ok(T value) {
        return new Parsed<>(Objects.requireNonNull(value), null);
    }

    public static <T> Parsed<T> rejected(Reason reason, String message) {
        return new Parsed<>(null, new Rejection(reason, message));
    }

    public static <T> Parsed<T> rejected(Rejection rejection) {
        return new Parsed<>(null, Objects.requireNonNull(rejection));
    }

    public boolean isOk() {
        return rejection == null;
    }

    /** The value; throws {@link IllegalStateException} when the payload was rejected. */
    public T value() {
        if (rejection != null) {
            throw new IllegalStateException("rejected: " + rejection);
        }
        return value;
    }

    /** The rejection, or null when the payload was accepted. */
    public Rejection rejection() {
        return rejection;
    }

    public <R> Parsed<R> map(Function<? super T, R> f) {
        return rejection == null ? ok(f.apply(value)) : rejected(rejection);
    }

    /** The value, or a {@link ContractViolation} carrying the rejection. */
    public T orElseThrow() {
        if (rejection != null) {
            throw new ContractViolation(rejection);
        }
        return value;
    }

    @Override
    public String toString() {
        return rejection == null ? "ok(" + value + ")" : "rejected(" + rejection + ")";
    }
}
