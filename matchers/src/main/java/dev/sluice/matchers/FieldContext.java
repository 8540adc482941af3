package dev.sluice.matchers;

/**
 * Where a value sits in its body: the parser fills one of these (it owns it and reuses it)
 * before each {@link ValueSink#beginValue}, and the sink copies what it needs during the
 * call. Nothing here may hold a value's bytes: keys, labels and paths are names.
 *
 * <ul>
 *   <li>{@code key}: the name the value is stored under (JSON member name, form field,
 *       CSV column header, protobuf field name, HTML label), or null for free text.</li>
 *   <li>{@code parentKey}: the key one level up, for holders such as Spring's
 *       {@code "spring.datasource.password": {"value": "..."}}; null when none.</li>
 *   <li>{@code label}: a sibling that names the object, such as {@code "type": "passport"}
 *       or {@code "name": "AWS_SECRET_ACCESS_KEY"}; null when none. {@code firstLabel}: the
 *       object's first label when it gave more than one ({@code {"Name": "/prod/db/password",
 *       "Type": "SecureString", "Value": …}}), else null.</li>
 *   <li>{@code path}: the field path in the body's own notation ({@code $.users[3].card},
 *       {@code payment.card.number}); empty for a whole text body.</li>
 *   <li>{@code origin}: which decoder placed the value when a body can be read more than one
 *       way ({@code schema} or {@code schemaless} for protobuf); null otherwise.</li>
 *   <li>{@code memberName}: the value is a member or field name read as a value (for the
 *       attacks a name carries); it is stored under nothing, so no key gives it context, and
 *       {@code parentKey} says whose member it names.</li>
 *   <li>{@code container}: the object, element, row or message the value is a member of, as
 *       an identity the parser gives that container alone while it is open (an object, or an
 *       owner and a serial number, so a parser need not make an object per container), with
 *       its nesting depth; no owner when the value has no siblings. What one member says (an
 *       AWS key id) can then give context to a later sibling ({@link ContextRule#sameObject()}).</li>
 *   <li>{@code replacedWhole}: a rewriter replaces the whole value when it masks any part of it
 *       (a JSON number becomes a quoted string), so a rewriting session holds the body from the
 *       value's start until its findings are final; any other value, from each finding's start.</li>
 * </ul>
 */
public final class FieldContext {
    private String key;
    private String parentKey;
    private String label;
    private String firstLabel;
    private LabelSource labelSource;
    private String origin;
    private final StringBuilder path = new StringBuilder(64);
    /** The path in parts ({@link #path(PathPrefix, String, int)}), or null when {@link #path} holds it. */
    private PathPrefix pathPrefix;
    private String pathSegment;
    private int pathIndex = -1;
    private boolean memberName;
    private boolean replacedWhole;
    private Object containerOwner;
    private long containerSerial;
    private int containerDepth;

    /** Clears every field; returns this. */
    public FieldContext clear() {
        key = null;
        parentKey = null;
        label = null;
        firstLabel = null;
        labelSource = null;
        origin = null;
        path.setLength(0);
        pathPrefix = null;
        memberName = false;
        replacedWhole = false;
        containerOwner = null;
        containerSerial = 0;
        containerDepth = 0;
        return this;
    }

    /**
     * The container the value is a member of (see the class comment), at nesting depth
     * {@code depth} (0: outermost); returns this. The identity must stay the same for every
     * member while the container is open and must not be given to another container the
     * session sees at the same depth.
     */
    public FieldContext container(Object container, int depth) {
        return container(container, 0, depth);
    }

    /**
     * The container the value is a member of, told apart by {@code serial} among those of one
     * {@code owner} (a parser numbering its containers); otherwise as {@link #container(Object, int)}.
     */
    public FieldContext container(Object owner, long serial, int depth) {
        this.containerOwner = owner;
        this.containerSerial = serial;
        this.containerDepth = depth;
        return this;
    }

    /** Whose container the value is a member of, or null when it has none. */
    public Object containerOwner() {
        return containerOwner;
    }

    /** Which of its owner's containers it is. */
    public long containerSerial() {
        return containerSerial;
    }

    public int containerDepth() {
        return containerDepth;
    }

    /** The value is a name read as a value (see the class comment); returns this. */
    public FieldContext memberName() {
        this.memberName = true;
        return this;
    }

    public boolean isMemberName() {
        return memberName;
    }

    /** Whether a rewriter replaces the whole value to mask part of it (see the class comment); returns this. */
    public FieldContext replacedWhole(boolean whole) {
        this.replacedWhole = whole;
        return this;
    }

    public boolean isReplacedWhole() {
        return replacedWhole;
    }

    public FieldContext key(String key) {
        this.key = key;
        return this;
    }

    public FieldContext parentKey(String parentKey) {
        this.parentKey = parentKey;
        return this;
    }

    public FieldContext label(String label) {
        return label(label, null);
    }

    /** The object's latest label and, when it gave more than one, its first (see the class comment). */
    public FieldContext label(String label, String firstLabel) {
        this.label = label;
        this.firstLabel = firstLabel;
        this.labelSource = null;
        return this;
    }

    /**
     * A label made only if a sink asks for it: a sink reads the label only for a value whose own
     * key says nothing ({@code "value"}, {@code "number"}), so most values never need theirs,
     * and making the string of every {@code "name"} of every record cost a twentieth of JSON
     * inspection. {@code source} is read during {@link ValueSink#beginValue} only.
     */
    public FieldContext label(LabelSource source) {
        this.label = null;
        this.firstLabel = null;
        this.labelSource = source;
        return this;
    }

    public FieldContext origin(String origin) {
        this.origin = origin;
        return this;
    }

    /**
     * The path buffer, for the parser to rewrite in place; holds the parts' rendering when the
     * path was given in parts (which this call then drops).
     */
    public StringBuilder path() {
        if (pathPrefix != null) {
            path.setLength(0);
            renderPath(pathPrefix, pathSegment, pathIndex, path);
            pathPrefix = null;
        }
        return path;
    }

    /**
     * Gives the path in parts, so that a sink keeps references rather than a copy: the path of
     * the value's container ({@code $.users[3]}, rendered only if someone prints it), then its
     * own segment ({@code .card}, may be null) or, with a null segment, its array index
     * ({@code index} ≥ 0 prints as {@code [3]}; -1 adds nothing). The parts must not change; the
     * parser may reuse them for other values.
     */
    public FieldContext path(PathPrefix prefix, String segment, int index) {
        this.pathPrefix = java.util.Objects.requireNonNull(prefix, "prefix");
        this.pathSegment = segment;
        this.pathIndex = index;
        return this;
    }

    /** Whether the path was given in parts ({@link #path(PathPrefix, String, int)}) and not read as a buffer since. */
    public boolean hasPathParts() {
        return pathPrefix != null;
    }

    public PathPrefix pathPrefix() {
        return pathPrefix;
    }

    public String pathSegment() {
        return pathSegment;
    }

    public int pathIndex() {
        return pathIndex;
    }

    /** The path as text, leaving it as it was given (toString must not turn parts into a buffer). */
    private String pathText() {
        if (pathPrefix == null) {
            return path.toString();
        }
        StringBuilder out = new StringBuilder();
        renderPath(pathPrefix, pathSegment, pathIndex, out);
        return out.toString();
    }

    /** Renders a path given in parts ({@link #path(PathPrefix, String, int)}). */
    public static void renderPath(PathPrefix prefix, String segment, int index, StringBuilder out) {
        out.append(prefix.toString());
        if (segment != null) {
            out.append(segment);
        } else if (index >= 0) {
            out.append('[').append(index).append(']');
        }
    }

    public String key() {
        return key;
    }

    public String parentKey() {
        return parentKey;
    }

    public String label() {
        makeLabels();
        return label;
    }

    /** The object's first label when it gave more than one (see the class comment), else null. */
    public String firstLabel() {
        makeLabels();
        return firstLabel;
    }

    private void makeLabels() {
        if (labelSource != null) {
            label = labelSource.label();
            firstLabel = labelSource.firstLabel();
            labelSource = null;
        }
    }

    public String origin() {
        return origin;
    }

    /** Makes a label when asked for it ({@link #label(LabelSource)}); may return null. */
    @FunctionalInterface
    public interface LabelSource {
        String label();

        /** The object's first label when it gave more than one; null by default. */
        default String firstLabel() {
            return null;
        }
    }

    @Override
    public String toString() {
        return "FieldContext[key=" + key + ", parentKey=" + parentKey + ", label=" + label + ", origin=" + origin + ", path=" + pathText() + "]";
    }
}
