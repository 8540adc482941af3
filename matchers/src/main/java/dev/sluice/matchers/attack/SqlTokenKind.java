package dev.sluice.matchers.attack;

/** The classes of SQL tokens that {@link SqlTokenizer} emits and {@link SqlInjectionValidator} folds. */
enum SqlTokenKind {
    /** A quoted string; code 1 when it was closed by its quote. */
    STRING,
    /** A decimal, hex ({@code 0x..}) or binary number; code 1 for hex. */
    NUMBER,
    /** A bare identifier or any word not in the keyword table. */
    WORD,
    /** A keyword with no role of its own in the rules (code: {@link SqlKeywords} id). */
    KEYWORD,
    UNION,
    SELECT,
    FROM,
    /** AND, OR, XOR, {@code &&}, {@code ||}. */
    LOGIC,
    /** NOT and a lone {@code !}. */
    NOT,
    /** Arithmetic, bitwise and other punctuation (code: the byte). */
    OPERATOR,
    /** {@code = < > <= >= <> != <=>} and LIKE, RLIKE, REGEXP, IS, IN, BETWEEN, SOUNDS. */
    COMPARE,
    LPAREN,
    RPAREN,
    COMMA,
    SEMICOLON,
    DOT,
    /** {@code --}, {@code #} or {@code /* *}{@code /} comment. */
    COMMENT,
    /** {@code @name} or {@code @@name}; code 2 for {@code @@}. */
    VARIABLE,
    /** A known SQL function name directly followed by {@code (}. */
    FUNCTION,
    /** A time-delay or error-forcing function directly followed by {@code (}. */
    TIME_FUNCTION,
    /** A statement verb that may start a stacked query (DROP, DELETE, EXEC, ...). */
    STATEMENT,
    /** A system catalog object or procedure (information_schema, xp_cmdshell, ...). */
    SYSTEM_OBJECT,
    /** TRUE, FALSE, NULL. */
    CONSTANT;

    private static final SqlTokenKind[] ALL = values();

    static SqlTokenKind of(int ordinal) {
        return ALL[ordinal];
    }
}
