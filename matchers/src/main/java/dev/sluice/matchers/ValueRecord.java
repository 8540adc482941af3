package dev.sluice.matchers;

/**
 * What a {@link ScanSession} remembers about one value until everything found in it is
 * final: where it lies in the decoded stream, its context classes, its key and path, and the
 * trigger patterns that fired in it. Reused across values; never holds value bytes.
 */
final class ValueRecord {
    static final int MAX_TRIGGERS = 8;
    /** A kept record whose path buffer grew past this many chars gets a fresh one. */
    static final int MAX_KEPT_PATH = 512;

    /** Which value of the session this is, counted from 0 in {@code beginValue} order. */
    long index;
    long start;
    /** Position of the separator after the value, or -1 while it is open. */
    long end = -1;
    long classes;
    /**
     * Where the first value of this value's container began ({@link ContainerStarts}): marks
     * from there on may give it the context of a {@code same_object} rule. {@link #start} when it
     * has no container, opens one, or has a key that names a context of its own.
     */
    long siblingsFrom;
    String key;
    /** The key one level up ({@link FieldContext#parentKey()}), for validators that read a member name's place. */
    String parentKey;
    String origin;
    /** The path when its parser gave it as text; unused while {@link #pathPrefix} is set. */
    StringBuilder path = new StringBuilder(32);
    /** The path in parts (FieldContext#path(String, String, int)): kept by reference, not copied. */
    PathPrefix pathPrefix;
    String pathSegment;
    int pathIndex;
    /** Made when a trigger first fires in a value of this record: most values never see one. */
    Detector[] triggers;
    long[] triggerPos;
    int triggerCount;
    /** Whether a rewriter replaces the value whole to mask part of it ({@link FieldContext#isReplacedWhole()}). */
    boolean replacedWhole;
    /** Whether the value goes to the context stream (ContextFeed): it was still open when a write ended. */
    boolean contextFed;
    /**
     * End of the bytes replayed before the value's own ({@link ValueSink#context}): a finding
     * ending at or before it was reported with the earlier value. Equal to {@link #start} when
     * none were.
     */
    long replayEnd;

    void reset(long index, long start, long classes, String key, String origin, FieldContext field) {
        this.index = index;
        this.start = start;
        this.siblingsFrom = start;
        this.origin = origin;
        this.end = -1;
        this.classes = classes;
        this.key = key;
        this.parentKey = field.parentKey();
        this.replacedWhole = field.isReplacedWhole();
        if (field.hasPathParts()) {
            this.pathPrefix = field.pathPrefix();
            this.pathSegment = field.pathSegment();
            this.pathIndex = field.pathIndex();
        } else {
            this.pathPrefix = null;
            this.path.setLength(0);
            this.path.append(field.path());
        }
        for (int i = 0; i < triggerCount; i++) {
            triggers[i] = null;
        }
        this.triggerCount = 0;
        this.contextFed = false;
        this.replayEnd = start;
    }

    /** Replaces a path buffer that grew past {@link #MAX_KEPT_PATH}: the record is kept for another body. */
    void dropLongPath() {
        if (path.capacity() > MAX_KEPT_PATH) {
            path = new StringBuilder(32);
        }
    }

    /** The value's path as text. */
    String pathText() {
        if (pathPrefix == null) {
            return path.toString();
        }
        StringBuilder out = new StringBuilder(48);
        FieldContext.renderPath(pathPrefix, pathSegment, pathIndex, out);
        return out.toString();
    }

    boolean isOpen() {
        return end < 0;
    }

    /** Records that {@code d}'s trigger fired at {@code pos}; the first firing per detector counts. */
    void trigger(Detector d, long pos) {
        for (int i = 0; i < triggerCount; i++) {
            if (triggers[i] == d) {
                return;
            }
        }
        if (triggers == null) {
            triggers = new Detector[MAX_TRIGGERS];
            triggerPos = new long[MAX_TRIGGERS];
        }
        if (triggerCount < MAX_TRIGGERS) {
            triggers[triggerCount] = d;
            triggerPos[triggerCount] = pos;
            triggerCount++;
        }
    }

    @Override
    public String toString() {
        return "ValueRecord[" + start + ".." + end + " key=" + key + " path=" + pathText() + "]";
    }
}
