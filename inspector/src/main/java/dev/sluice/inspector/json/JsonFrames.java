package dev.sluice.inspector.json;

import dev.sluice.matchers.FieldContext;
import java.util.Arrays;

/**
 * The open objects and arrays above the current token: member names, array indices, the key
 * each container sits under and its label sibling. Gives a value its key, parent key, label
 * and path. Key strings are Jackson's canonical names, so nothing here allocates per value.
 *
 * <p>The path ({@code $.users[3].card}) is kept up to date in one buffer as tokens arrive
 * rather than rendered per value: every frame's segment starts at a recorded length, so a new
 * member or array index truncates to that length and appends its own segment. A value then
 * finds its path ready, at the cost of one short append per member and per array element.
 */
final class JsonFrames {
    private final StringBuilder path;
    private final MemberNames names;
    private boolean[] isArray = new boolean[16];
    private String[] member = new String[16];
    /** Whether a string under {@code member[i]} may label its object. */
    private boolean[] labelKey = new boolean[16];
    private String[] underKey = new String[16];
    /** The label of the object at level i when it has one (reused per level), else null. */
    private PendingLabel[] label = new PendingLabel[16];
    /** The label holders made so far, one per level, kept for the next object at that level. */
    private PendingLabel[] labelSlots = new PendingLabel[16];
    private LabelValues labelStrings;
    private int[] index = new int[16];
    /** Length of {@link #path} before frame i's segment. */
    private int[] mark = new int[16];
    private int depth;

    /**
     * @param path  the buffer the path is kept in (the parser's {@code FieldContext} path, so
     *              a value's context needs no copy); reset here to {@code $}
     * @param names member-name facts (MemberNames.SHARED)
     */
    JsonFrames(StringBuilder path, MemberNames names) {
        this.path = path;
        this.names = names;
        path.setLength(0);
        path.append('$');
    }

    int depth() {
        return depth;
    }

    /** Replaces {@code $} with the path of the string this document was found in; before any token. */
    void prefix(CharSequence p) {
        path.setLength(0);
        path.append(p);
    }

    void push(boolean array, String key) {
        if (depth == isArray.length) {
            int n = depth * 2;
            isArray = Arrays.copyOf(isArray, n);
            member = Arrays.copyOf(member, n);
            labelKey = Arrays.copyOf(labelKey, n);
            underKey = Arrays.copyOf(underKey, n);
            label = Arrays.copyOf(label, n);
            labelSlots = Arrays.copyOf(labelSlots, n);
            index = Arrays.copyOf(index, n);
            mark = Arrays.copyOf(mark, n);
        }
        isArray[depth] = array;
        member[depth] = null;
        labelKey[depth] = false;
        underKey[depth] = key;
        label[depth] = null;
        index[depth] = -1;
        mark[depth] = path.length();
        if (array) {
            path.append("[0]"); // an array before its first element prints as [0]
        }
        depth++;
    }

    void pop() {
        if (depth > 0) {
            depth--;
            path.setLength(mark[depth]);
        }
    }

    void name(String n) {
        if (depth > 0) {
            int top = depth - 1;
            member[top] = n;
            path.setLength(mark[top]);
            if (n != null) {
                MemberNames.Member m = names.of(n);
                labelKey[top] = m.labelKey();
                path.append(m.segment());
            } else {
                labelKey[top] = false;
            }
        }
    }

    /** A value or container starts: the enclosing array moves to its next index. */
    void element() {
        if (depth > 0 && isArray[depth - 1]) {
            int top = depth - 1;
            int i = ++index[top];
            if (i > 0) {
                path.setLength(mark[top]);
                path.append('[').append(i).append(']');
            }
        }
    }

    /** The key a value (or a child container) at the current position is stored under. */
    String keyForChild() {
        if (depth == 0) {
            return null;
        }
        return isArray[depth - 1] ? underKey[depth - 1] : member[depth - 1];
    }

    /** The key one level above the value's own key. */
    String parentKey() {
        if (depth == 0) {
            return null;
        }
        int top = depth - 1;
        if (isArray[top]) {
            return top > 0 ? underKey[top - 1] : null;
        }
        return underKey[top];
    }

    FieldContext.LabelSource currentLabel() {
        return depth > 0 && !isArray[depth - 1] ? label[depth - 1] : null;
    }

    /** Whether the string at hand may label its object. */
    boolean atLabelKey() {
        return depth > 0 && !isArray[depth - 1] && labelKey[depth - 1];
    }

    /** The string {@code b[s, e)} (at most {@link PendingLabel#MAX_BYTES}) labels the current object. */
    void label(byte[] b, int s, int e) {
        if (depth > 0) {
            int top = depth - 1;
            PendingLabel l = labelSlots[top];
            if (l == null) {
                if (labelStrings == null) {
                    labelStrings = new LabelValues();
                }
                l = new PendingLabel(labelStrings);
                labelSlots[top] = l;
            }
            l.set(b, s, e);
            label[top] = l;
        }
    }

    /** {@code $.users[3].card} for the current position; a live view, valid until the next token. */
    CharSequence path() {
        return path;
    }
}
