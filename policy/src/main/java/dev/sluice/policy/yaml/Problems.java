package dev.sluice.policy.yaml;

import java.util.ArrayList;
import java.util.List;

/** Collects every error of one policy file, so all are reported at once, sorted by position. */
final class Problems {
    private final List<PolicyError> errors = new ArrayList<>();

    void add(int line, int column, String message) {
        errors.add(new PolicyError(line, column, message));
    }

    void at(Node n, String message) {
        add(n.line(), n.column(), message);
    }

    void at(Node.Field f, String message) {
        add(f.line(), f.column(), message);
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    int size() {
        return errors.size();
    }

    List<PolicyError> sorted() {
        List<PolicyError> out = new ArrayList<>(errors);
        out.sort(null);
        return List.copyOf(out);
    }
}
