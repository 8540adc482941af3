package dev.sluice.grpc.walk;

/**
 * The state one walk shares between the schema and schema-less walkers: the message bytes, the
 * offset mapping, the visitor, the path and the depth limit. Reports values and problems.
 */
final class WalkContext {
    final FieldPath path = new FieldPath();
    final int maxDepth;
    private byte[] buf;
    /** bodyOffset of buf[0]: adding an index into buf gives the offset in the body. */
    private long base;
    private ValueVisitor visitor;

    WalkContext(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    void begin(byte[] buf, int off, long bodyOffset, ValueVisitor visitor) {
        this.buf = buf;
        this.base = bodyOffset - off;
        this.visitor = visitor;
        path.clear();
    }

    /** Drops the borrowed buffer and visitor. */
    void end() {
        this.buf = null;
        this.visitor = null;
    }

    byte[] buf() {
        return buf;
    }

    void emit(ValueKind kind, WalkMode mode, int start, int end) {
        if (end > start) {
            visitor.value(path, path.key(), kind, mode, buf, start, end - start, base + start);
        }
    }

    void problem(WalkProblem problem, int at) {
        visitor.problem(problem, path, base + at);
    }

    /** Invalid wire data at {@code at}: reports it and hands over the rest of the region raw. */
    void malformed(WalkMode mode, int at, int end) {
        problem(WalkProblem.MALFORMED, at);
        emit(ValueKind.BYTES, mode, at, end);
    }

    /** A message too deep to walk: reports it and hands over its payload raw. */
    void tooDeep(WalkMode mode, int start, int end) {
        problem(WalkProblem.DEPTH_LIMIT, start);
        emit(ValueKind.BYTES, mode, start, end);
    }
}
