package dev.hearth.contract.payload;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonValue;

/** A closed set of values the contract writes as lower-case codes ({@code stale-input}, {@code pwm}, ...). */
public interface Coded {

    /**
     * The contract's code. {@code @JsonValue}: Jackson reads and writes the constant by it, and SmallRye OpenAPI lists
     * the codes as the schema's values, wherever a service binds one outside the contract's own reader (web-edge's
     * REST bodies, its OpenAPI document).
     */
    @JsonValue
    String code();

    /** The constant of {@code type} whose code is {@code code}. */
    static <E extends Enum<E> & Coded> Optional<E> of(Class<E> type, String code) {
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.code().equals(code)).findFirst();
    }

    /** "a, b or c", for messages. */
    static <E extends Enum<E> & Coded> String codes(Class<E> type) {
        String all = Arrays.stream(type.getEnumConstants()).map(Coded::code).collect(Collectors.joining(", "));
        int last = all.lastIndexOf(", ");
        return last < 0 ? all : all.substring(0, last) + " or " + all.substring(last + 2);
    }
}
