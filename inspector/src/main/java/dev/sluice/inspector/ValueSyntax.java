package dev.sluice.inspector;

/**
 * How a value is written where it stands in its body, which is how its replacement must be
 * written when the body is rewritten: a parser asks its {@link ParserContext} for the sink of the
 * syntax its values are in. Only a rewriting session tells them apart.
 */
public final class ValueSyntax {
    /** What a replacement needs where the value stands. */
    public enum Kind {
        /** Plain text (text/plain, YAML, a multipart header): the span is replaced as is. */
        TEXT,
        /** Bytes of no known structure (a binary part, protobuf bytes read raw): the replacement keeps the span's length. */
        BINARY,
        /** HTML or XML text or attribute value: markup characters become character references. */
        HTML,
        /** A form value: the replacement is percent-encoded. */
        FORM,
        /** A CSV cell: delimiter characters are masked. */
        CSV,
        /** Inside a JSON string (at any nesting): the span is replaced as is, the replacement needs no escape. */
        JSON_STRING,
        /** A JSON number: the whole number becomes a quoted string, quotes escaped once per enclosing string. */
        JSON_NUMBER,
        /** A string or bytes field of a protobuf message: re-encoded by the message editor. */
        PROTOBUF
    }

    public static final ValueSyntax TEXT = new ValueSyntax(Kind.TEXT, 0);
    public static final ValueSyntax BINARY = new ValueSyntax(Kind.BINARY, 0);
    public static final ValueSyntax HTML = new ValueSyntax(Kind.HTML, 0);
    public static final ValueSyntax FORM = new ValueSyntax(Kind.FORM, 0);
    public static final ValueSyntax CSV = new ValueSyntax(Kind.CSV, 0);
    public static final ValueSyntax JSON_STRING = new ValueSyntax(Kind.JSON_STRING, 0);
    public static final ValueSyntax PROTOBUF = new ValueSyntax(Kind.PROTOBUF, 0);
    private static final ValueSyntax[] JSON_NUMBERS = new ValueSyntax[8];

    static {
        for (int i = 0; i < JSON_NUMBERS.length; i++) {
            JSON_NUMBERS[i] = new ValueSyntax(Kind.JSON_NUMBER, i);
        }
    }

    private final Kind kind;
    private final int nesting;

    private ValueSyntax(Kind kind, int nesting) {
        this.kind = kind;
        this.nesting = nesting;
    }

    /**
     * A number of a JSON document found {@code nesting} strings deep (0: the body itself). Past
     * the deepest level kept, a number is treated as text inside a string.
     */
    public static ValueSyntax jsonNumber(int nesting) {
        return nesting >= 0 && nesting < JSON_NUMBERS.length ? JSON_NUMBERS[nesting] : JSON_STRING;
    }

    public Kind kind() {
        return kind;
    }

    /** For a JSON number, how many JSON strings enclose its document. */
    public int nesting() {
        return nesting;
    }

    @Override
    public String toString() {
        return kind == Kind.JSON_NUMBER ? "JSON_NUMBER/" + nesting : kind.name();
    }
}
