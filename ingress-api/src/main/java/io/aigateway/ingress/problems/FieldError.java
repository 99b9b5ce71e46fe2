package io.aigateway.ingress.problems;

/**
 * One thing wrong with one field of a request, listed in the {@code errors} member of an {@code invalid_request}
 * problem.
 *
 * @param field where, as a JSON path without the leading {@code $.}, for example {@code input.messages[2].role}
 * @param message what is wrong, for a person
 */
public record FieldError(String field, String message) {}
