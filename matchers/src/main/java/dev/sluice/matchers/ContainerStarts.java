package dev.sluice.matchers;

import java.util.Arrays;

/**
 * Where the first value of each open container ({@link FieldContext#containerOwner}) began in
 * a session's decoded stream, one slot per nesting depth, so that a value can be given the
 * context an earlier sibling carries ({@link ContextRule#sameObject()}): an AWS key id beside
 * its secret in one JSON object, XML element or protobuf message. A container is new when its
 * slot holds another owner or serial number; the owner a slot keeps is only compared, never
 * read. Containers deeper than {@value #MAX_DEPTH} give their values no siblings.
 */
final class ContainerStarts {
    static final int MAX_DEPTH = 32;

    private final Object[] owners = new Object[MAX_DEPTH];
    private final long[] serials = new long[MAX_DEPTH];
    private final long[] starts = new long[MAX_DEPTH];

    /**
     * Where the first value of the container {@code owner} numbers {@code serial} (at
     * {@code depth}) began, the value at {@code start} being one of its members; {@code start}
     * itself when it is the first, or when the value has no container.
     */
    long firstMember(Object owner, long serial, int depth, long start) {
        if (owner == null || depth < 0 || depth >= MAX_DEPTH) {
            return start;
        }
        if (owners[depth] != owner || serials[depth] != serial) {
            owners[depth] = owner;
            serials[depth] = serial;
            starts[depth] = start;
        }
        return starts[depth];
    }

    /** Forgets every container, for another body. */
    void clear() {
        Arrays.fill(owners, null);
    }
}
