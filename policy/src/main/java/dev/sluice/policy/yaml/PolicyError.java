package dev.sluice.policy.yaml;

/**
 * One problem in a policy file, at a 1-based line and column. Messages name keys and values
 * of the policy, never request data.
 */
public record PolicyError(int line, int column, String message) implements Comparable<PolicyError> {

    /** {@code FILE:LINE:COL: message}, the form editors and CI annotate from. */
    public String format(String file) {
        return file + ":" + line + ":" + column + ": " + message;
    }

    @Override
    public int compareTo(PolicyError o) {
        int c = Integer.compare(line, o.line);
        return c != 0 ? c : Integer.compare(column, o.column);
    }

    @Override
    public String toString() {
        return line + ":" + column + ": " + message;
    }
}
