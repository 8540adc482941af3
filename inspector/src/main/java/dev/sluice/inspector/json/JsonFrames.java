package dev.sluice.inspector.json;

import java.util.Arrays;
import java.util.Set;

/**
 * The open objects and arrays above the current token: member names, array indices, the key
 * each container sits under and its label sibling. Gives a value its key, parent key, label
 * and path. Key strings are Jackson's canonical names, so nothing here allocates per value.
 */
final class JsonFrames {
    /** Member names whose short string value names the object ({@code "type": "passport"}). */
    private static final Set<String> LABEL_KEYS = Set.of("type", "kind", "name", "key", "label", "field",
            "document_type", "documentType", "doc_type", "id_type", "idType", "category", "attribute", "param");

    private boolean[] isArray = new boolean[16];
    private String[] member = new String[16];
    /** Whether {@code member[i]} prints as {@code .name}; decided once per member, not once per value below it. */
    private boolean[] plain = new boolean[16];
    private String[] underKey = new String[16];
    private String[] label = new String[16];
    private int[] index = new int[16];
    private int depth;
    private String prefix = "$";

    int depth() {
        return depth;
    }

    void prefix(String p) {
        this.prefix = p;
    }

    void push(boolean array, String key) {
        if (depth == isArray.length) {
            int n = depth * 2;
            isArray = Arrays.copyOf(isArray, n);
            member = Arrays.copyOf(member, n);
            plain = Arrays.copyOf(plain, n);
            underKey = Arrays.copyOf(underKey, n);
            label = Arrays.copyOf(label, n);
            index = Arrays.copyOf(index, n);
        }
        isArray[depth] = array;
        member[depth] = null;
        underKey[depth] = key;
        label[depth] = null;
        index[depth] = -1;
        depth++;
    }

    void pop() {
        if (depth > 0) {
            depth--;
        }
    }

    void name(String n) {
        if (depth > 0) {
            member[depth - 1] = n;
            plain[depth - 1] = n != null && isPlain(n);
        }
    }

    /** A value or container starts: the enclosing array moves to its next index. */
    void element() {
        if (depth > 0 && isArray[depth - 1]) {
            index[depth - 1]++;
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

    String currentLabel() {
        return depth > 0 && !isArray[depth - 1] ? label[depth - 1] : null;
    }

    /** The member name when the string at hand may label its object, else null. */
    String labelCandidate() {
        if (depth == 0 || isArray[depth - 1]) {
            return null;
        }
        String m = member[depth - 1];
        return m != null && LABEL_KEYS.contains(m) ? m : null;
    }

    void label(String value) {
        if (depth > 0) {
            label[depth - 1] = value;
        }
    }

    /** Appends {@code $.users[3].card} for the current position. */
    void appendPath(StringBuilder sb) {
        sb.append(prefix);
        for (int i = 0; i < depth; i++) {
            if (isArray[i]) {
                sb.append('[').append(Math.max(0, index[i])).append(']');
            } else if (member[i] != null) {
                if (plain[i]) {
                    sb.append('.').append(member[i]);
                } else {
                    sb.append("['").append(member[i].replace("'", "\\'")).append("']");
                }
            }
        }
    }

    private static boolean isPlain(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c == '_' || c == '-' || Character.isLetterOrDigit(c))) {
                return false;
            }
        }
        return true;
    }
}
