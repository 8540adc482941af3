package dev.sluice.inspector.json;

import dev.sluice.matchers.FieldContext;

/**
 * The label sibling of one open object ({@code "type": "passport"}) kept as bytes, its string
 * made only when a sink asks ({@link FieldContext#label(FieldContext.LabelSource)}). One per
 * nesting level, reused for every object at that level; holds at most
 * {@value #MAX_BYTES} bytes (longer strings do not label anything).
 */
final class PendingLabel implements FieldContext.LabelSource {
    static final int MAX_BYTES = 64;

    private final LabelValues strings;
    private final byte[] bytes = new byte[MAX_BYTES];
    private int length;
    private String made;

    PendingLabel(LabelValues strings) {
        this.strings = strings;
    }

    /** Keeps {@code b[s, e)}, which is at most {@link #MAX_BYTES} long. */
    void set(byte[] b, int s, int e) {
        length = e - s;
        System.arraycopy(b, s, bytes, 0, length);
        made = null;
    }

    @Override
    public String label() {
        if (made == null) {
            made = strings.of(bytes, 0, length);
        }
        return made;
    }
}
