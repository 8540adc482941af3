package dev.sluice.inspector.json;

import dev.sluice.matchers.FieldContext;
import dev.sluice.matchers.PathPrefix;
import java.util.Arrays;

/**
 * The open objects and arrays above the current token: member names, array indices, the key
 * each container sits under and its label sibling. Gives a value its key, parent key, label
 * and path. Key strings are Jackson's canonical names, so nothing here allocates per value.
 *
 * <p>A value's path ({@code $.users[3].card}) is handed out in two parts: the path of the
 * container it sits in, a {@link PathPrefix} made at most once per container and only when a
 * value under it asks (its text only when a finding prints it), and its own segment, the
 * member name's shared {@code .card} or an array index. Kept as one text buffer updated per
 * member and per element, then copied per value, the path cost a tenth of JSON inspection; in
 * parts nothing is copied per value.
 */
final class JsonFrames {
    private static final PathPrefix ROOT = PathPrefix.of("$");
    /** Room for this many levels before the arrays grow; API bodies rarely nest deeper. */
    private static final int INITIAL_DEPTH = 8;
    private final MemberNames names;
    /** The path of the document itself: {@code $}, or the string a nested document sits in. */
    private PathPrefix root = ROOT;
    /** Path of the container of frame i, made on first use; stable while the frame is open. */
    private PathPrefix[] containerPath = new PathPrefix[INITIAL_DEPTH];
    /** Path segment of the current member of object frame i ({@code .card}), null before its first. */
    private String[] segment = new String[INITIAL_DEPTH];
    private boolean[] isArray = new boolean[INITIAL_DEPTH];
    private String[] member = new String[INITIAL_DEPTH];
    /** Whether a string under {@code member[i]} may label its object. */
    private boolean[] labelKey = new boolean[INITIAL_DEPTH];
    private String[] underKey = new String[INITIAL_DEPTH];
    /** The label of the object at level i when it has one (reused per level), else null. */
    private PendingLabel[] label = new PendingLabel[INITIAL_DEPTH];
    /** The label holders made so far, one per level, kept for the next object at that level. */
    private PendingLabel[] labelSlots = new PendingLabel[INITIAL_DEPTH];
    private LabelValues labelStrings;
    private int[] index = new int[INITIAL_DEPTH];
    /** Each open container's number (FieldContext#container): its members are siblings. */
    private long[] serial = new long[INITIAL_DEPTH];
    private long opened;
    private int depth;
    /** How deep the string holding this document sits in outer documents (0 for a body's own). */
    private int depthBase;

    /** @param names member-name facts (MemberNames.SHARED) */
    JsonFrames(MemberNames names) {
        this.names = names;
    }

    int depth() {
        return depth;
    }

    /**
     * Makes this the frames of a document found inside a value whose path is {@code at}: paths
     * continue it, and its containers count from nesting depth {@code depthBase}. Before any
     * token.
     */
    void nestIn(PathPrefix at, int depthBase) {
        root = at;
        this.depthBase = depthBase;
    }

    /** The nesting depth a document found in a string at the current position starts from. */
    int childDepthBase() {
        return depthBase + depth + 1;
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
            containerPath = Arrays.copyOf(containerPath, n);
            segment = Arrays.copyOf(segment, n);
            serial = Arrays.copyOf(serial, n);
        }
        isArray[depth] = array;
        member[depth] = null;
        labelKey[depth] = false;
        underKey[depth] = key;
        label[depth] = null;
        index[depth] = -1;
        containerPath[depth] = null;
        segment[depth] = null;
        serial[depth] = ++opened;
        depth++;
    }

    void pop() {
        if (depth > 0) {
            depth--;
        }
    }

    /** Returns whether the name could carry an attack ({@link MemberNames.Member#readAsValue}). */
    boolean name(String n) {
        if (depth > 0) {
            int top = depth - 1;
            member[top] = n;
            if (n != null) {
                MemberNames.Member m = names.of(n);
                labelKey[top] = m.labelKey();
                segment[top] = m.segment();
                return m.readAsValue();
            }
            labelKey[top] = false;
            segment[top] = null;
        }
        return false;
    }

    /** A value or container starts: the enclosing array moves to its next index. */
    void element() {
        if (depth > 0 && isArray[depth - 1]) {
            ++index[depth - 1];
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
            if (label[top] == null) {
                l.clear(); // the first label of this object
            }
            l.add(b, s, e);
            label[top] = l;
        }
    }

    /**
     * Gives {@code field} the path of the current position, in parts (nothing is copied), and
     * the container it is a member of.
     */
    void pathOf(FieldContext field) {
        if (depth == 0) {
            field.path(root, null, -1).container(null, 0);
        } else {
            int top = depth - 1;
            field.path(containerPath(top), segmentOf(top), indexOf(top))
                    .container(this, serial[top], depthBase + top);
        }
    }

    /** {@code $.users[3].card} for the current position (an array before its first element prints as [0]). */
    PathPrefix path() {
        return depth == 0 ? root : positionPath(depth - 1);
    }

    /** The path of frame {@code k}'s container: its parent's path and the parent's current position. */
    private PathPrefix containerPath(int k) {
        PathPrefix p = containerPath[k];
        if (p == null) {
            p = k == 0 ? root : positionPath(k - 1);
            containerPath[k] = p;
        }
        return p;
    }

    /** The path of the current position inside frame {@code k}. */
    private PathPrefix positionPath(int k) {
        return containerPath(k).child(segmentOf(k), indexOf(k));
    }

    /** The member segment of frame {@code k}'s position, null in an array or before the first member. */
    private String segmentOf(int k) {
        return isArray[k] ? null : segment[k];
    }

    /** The array index of frame {@code k}'s position, -1 in an object. */
    private int indexOf(int k) {
        return isArray[k] ? Math.max(0, index[k]) : -1;
    }
}
