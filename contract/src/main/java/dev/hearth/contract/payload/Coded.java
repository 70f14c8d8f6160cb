package dev.hearth.contract.payload;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** A closed set of values the contract writes as lower-case codes ({@code stale-input}, {@code pwm}, ...). */
public interface Coded {

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
