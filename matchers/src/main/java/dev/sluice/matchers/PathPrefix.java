package dev.sluice.matchers;

/**
 * The path of a container ({@code $.users[3]}), as its parent's path and its own segment or
 * array index, rendered to text only when asked ({@link #toString}), then kept. A parser makes
 * one per container it enters and hands it with each value (FieldContext.path); only values
 * with a finding ever print it, so a page of records no longer builds a path string for each
 * of its objects (a tenth of a 16 KiB body's JSON inspection). Immutable but for the cached
 * text, which is the same whichever thread makes it.
 */
public final class PathPrefix {
    private final PathPrefix parent;
    private final String segment;
    private final int index;
    private String text;

    private PathPrefix(PathPrefix parent, String segment, int index, String text) {
        this.parent = parent;
        this.segment = segment;
        this.index = index;
        this.text = text;
    }

    /** A path given as text: a document's root ({@code $}) or where a nested document sits. */
    public static PathPrefix of(String text) {
        return new PathPrefix(null, null, -1, java.util.Objects.requireNonNull(text, "text"));
    }

    /** This path followed by {@code segment} ({@code .card}) or, when that is null, by {@code [index]} (nothing when -1). */
    public PathPrefix child(String segment, int index) {
        return new PathPrefix(this, segment, index, null);
    }

    @Override
    public String toString() {
        String t = text;
        if (t == null) {
            StringBuilder out = new StringBuilder();
            FieldContext.renderPath(parent, segment, index, out);
            t = out.toString();
            text = t;
        }
        return t;
    }
}
