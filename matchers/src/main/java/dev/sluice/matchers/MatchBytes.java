package dev.sluice.matchers;

import java.util.ArrayList;
import java.util.List;

/**
 * Which bytes the candidate of an expression can hold: every byte any match of it can hold,
 * less the delimiter bytes its {@link PatternSpec.Trim} cuts off, where the expression names them
 * as one unrepeated byte class at its very start or end ({@code [^A-Za-z0-9/+][A-Za-z0-9/+]{40}[^A-Za-z0-9/+=]}).
 * A delimiter anywhere else (inside a group, repeated, behind an assertion) stays in: the answer
 * may only be too wide, never too narrow, since a rewriting session releases text on the strength
 * of it ({@link MatchBreaks}).
 */
final class MatchBytes {
    /** An expression node: the bytes its matches hold and, for a sequence, its elements. */
    private record Node(boolean[] bytes, Kind kind, List<Node> elements) {
        static Node of(boolean[] bytes, Kind kind) {
            return new Node(bytes, kind, List.of());
        }
    }

    private enum Kind {
        /** One byte of a set. */
        BYTE,
        /** Zero width. */
        ASSERTION,
        /** Elements one after another. */
        SEQUENCE,
        /** Anything else: alternation, repetition. */
        OTHER
    }

    private static final ExpressionReader.Algebra<Node> NODES = new ExpressionReader.Algebra<>() {
        @Override
        public Node empty() {
            return new Node(new boolean[256], Kind.SEQUENCE, List.of());
        }

        @Override
        public Node assertion() {
            return Node.of(new boolean[256], Kind.ASSERTION);
        }

        @Override
        public Node bytes(boolean[] set) {
            return Node.of(set.clone(), Kind.BYTE);
        }

        @Override
        public Node then(Node a, Node b) {
            List<Node> elements = new ArrayList<>(a.kind() == Kind.SEQUENCE ? a.elements() : List.of(a));
            elements.add(b);
            return new Node(union(a.bytes(), b.bytes()), Kind.SEQUENCE, List.copyOf(elements));
        }

        @Override
        public Node either(Node a, Node b) {
            return Node.of(union(a.bytes(), b.bytes()), Kind.OTHER);
        }

        @Override
        public Node repeat(Node a, int min, int max) {
            return Node.of(max == 0 ? new boolean[256] : a.bytes().clone(), Kind.OTHER);
        }
    };

    private MatchBytes() {
    }

    /**
     * The bytes a candidate of {@code regex} can hold, or null for syntax {@link ExpressionReader}
     * does not know (then it may hold any byte).
     */
    static boolean[] ofCandidate(String regex, boolean caseless, PatternSpec.Trim trim) {
        Node top;
        try {
            top = ExpressionReader.read(regex, caseless, NODES);
        } catch (IllegalArgumentException unknownSyntax) {
            return null;
        }
        if (top.kind() != Kind.SEQUENCE || trim == PatternSpec.Trim.NONE) {
            return top.bytes();
        }
        List<Node> e = top.elements();
        int from = trim.before() > 0 && !e.isEmpty() && e.getFirst().kind() == Kind.BYTE ? 1 : 0;
        int to = e.size();
        for (int cut = 0; cut < trim.after() && to > from && e.get(to - 1).kind() == Kind.BYTE; cut++) {
            to--;
        }
        boolean[] held = new boolean[256];
        for (int i = from; i < to; i++) {
            held = union(held, e.get(i).bytes());
        }
        return held;
    }

    /** The bytes of {@code a} and of {@code b}, in a new table. */
    static boolean[] union(boolean[] a, boolean[] b) {
        boolean[] u = a.clone();
        for (int i = 0; i < 256; i++) {
            u[i] |= b[i];
        }
        return u;
    }
}
