package dev.hearth.edge.api;

import java.util.Comparator;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import dev.hearth.edge.json.StrictJson;

/**
 * Reads a request body into its record, strictly ({@link StrictJson}), then checks the record's constraints with
 * Hibernate Validator. Either failure is a 400 problem that names the field.
 */
@ApplicationScoped
public class RequestBodies {

    private final Validator validator;

    public RequestBodies(Validator validator) {
        this.validator = validator;
    }

    public <T> T read(String body, Class<T> type, String example) {
        T value;
        try {
            value = StrictJson.read("The body", body, type, example);
        } catch (StrictJson.BadInput e) {
            throw Problem.badRequest(e.getMessage());
        }
        Set<ConstraintViolation<T>> violations = validator.validate(value);
        if (!violations.isEmpty()) {
            throw Problem.badRequest(violations.stream()
                    .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                    .map(v -> "'" + v.getPropertyPath() + "' " + v.getMessage())
                    .collect(Collectors.joining("; ")));
        }
        return value;
    }
}
