package dev.sluice.matchers.attack;

/**
 * Splits bytes into SQL tokens ({@link SqlTokenKind}) into {@link AttackScratch}'s token
 * arrays, the way a permissive SQL lexer would: strings with backslash escapes and doubled
 * quotes, numbers (decimal, {@code 0x} hex, {@code 0b} binary, exponents), {@code --},
 * {@code #} and block comments, MySQL executable comments {@code /*!50000 ... *}{@code /}
 * (whose content is code, so the markers are dropped), variables, multi-byte operators and
 * words looked up in {@link SqlKeywords}. White space is dropped; nothing is ever rejected.
 *
 * <p>An injected fragment usually starts inside a string literal of the host query, so the
 * tokenizer can also start {@linkplain Context in a quoted string}: the first token is then
 * the string that the attacker's quote closes.
 */
final class SqlTokenizer {

    /** Where the tokenizer starts: in code, or inside a string opened by the host query. */
    enum Context {
        NONE(0),
        SINGLE_QUOTE('\''),
        DOUBLE_QUOTE('"');

        final int quote;

        Context(int quote) {
            this.quote = quote;
        }
    }

    /**
     * Comment code: a comment every dialect honours here ({@code -- } with a blank or at the
     * end, {@code #} likewise, block comments), as opposed to {@code --x} or {@code #1}.
     */
    static final int COMMENT_TRUNCATES = 1;
    static final int COMMENT_LOOSE = 2;

    private SqlTokenizer() {
    }

    /**
     * Emits the string that a host query's open quote would hold: from {@code off} to the first
     * unescaped {@code quote}. Returns the position after that quote, or -1 when the value
     * never closes it (then this context has nothing to say).
     */
    static int openString(byte[] b, int off, int end, int quote, AttackScratch s) {
        int j = stringEnd(b, off, end, quote);
        if (j < 0) {
            return -1;
        }
        s.kind[0] = SqlTokenKind.STRING;
        s.code[0] = 1;
        s.start[0] = off;
        s.end[0] = j;
        return j;
    }

    /** Index after the closing quote of a string whose content starts at {@code i}, or -1. */
    private static int stringEnd(byte[] b, int i, int end, int quote) {
        while (i < end) {
            int ch = b[i] & 0xFF;
            if (ch == '\\') {
                i += 2;
                continue;
            }
            if (ch == quote) {
                if (i + 1 < end && (b[i + 1] & 0xFF) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return -1;
    }

    /**
     * Appends tokens from {@code b[pos, end)} after the first {@code count} until the window is
     * full or the input ends; returns the new count and leaves the resume position in
     * {@code resume[0]}.
     */
    static int fill(byte[] b, int pos, int end, int count, AttackScratch s, int[] resume) {
        int i = pos;
        int n = count;
        while (i < end && n < AttackScratch.MAX_TOKENS) {
            int c = b[i] & 0xFF;
            if (Ascii.isSpace(c) || c == 0) {
                i++;
                continue;
            }
            int start = i;
            SqlTokenKind kind;
            int code = c;
            int next = Ascii.at(b, i + 1, end);
            int jsonOperator = n > 0 && s.kind[n - 1] == SqlTokenKind.STRING ? jsonOperatorLength(b, i, end) : 0;
            if (jsonOperator > 0) {
                // '{"b":2}'::jsonb <@ '{"a":1}': a JSON operator between literals compares them.
                i += jsonOperator;
                kind = SqlTokenKind.COMPARE;
            } else switch (c) {
                case '\'', '"' -> {
                    int j = stringEnd(b, i + 1, end, c);
                    code = j < 0 ? 0 : 1;
                    i = j < 0 ? end : j;
                    kind = SqlTokenKind.STRING;
                }
                case '`' -> {
                    int j = i + 1;
                    while (j < end && b[j] != '`') {
                        j++;
                    }
                    i = Math.min(end, j + 1);
                    kind = SqlTokenKind.WORD;
                }
                case ':' -> {
                    int type = next == ':' ? Ascii.skipSpace(b, i + 2, end) : end;
                    if (type < end && Ascii.isAlpha(b[type] & 0xFF)) {
                        // A PostgreSQL cast ('..'::jsonb, (..)::text) changes no shape a rule reads.
                        i = Ascii.wordEnd(b, type, end);
                        continue;
                    }
                    i++;
                    kind = SqlTokenKind.OPERATOR;
                }
                case '(' -> {
                    i++;
                    kind = SqlTokenKind.LPAREN;
                }
                case ')' -> {
                    i++;
                    kind = SqlTokenKind.RPAREN;
                }
                case ',' -> {
                    i++;
                    kind = SqlTokenKind.COMMA;
                }
                case ';' -> {
                    i++;
                    kind = SqlTokenKind.SEMICOLON;
                }
                case '-' -> {
                    if (next == '-') {
                        int after = Ascii.at(b, i + 2, end);
                        code = after < 0 || Ascii.isSpace(after) || after == '-' || after == '+'
                            ? COMMENT_TRUNCATES : COMMENT_LOOSE;
                        i = lineEnd(b, i, end);
                        kind = SqlTokenKind.COMMENT;
                    } else {
                        i++;
                        kind = SqlTokenKind.OPERATOR;
                    }
                }
                case '#' -> {
                    int after = Ascii.at(b, i + 1, end);
                    code = after < 0 || Ascii.isSpace(after) ? COMMENT_TRUNCATES : COMMENT_LOOSE;
                    i = lineEnd(b, i, end);
                    kind = SqlTokenKind.COMMENT;
                }
                case '/' -> {
                    if (next == '*' && Ascii.at(b, i + 2, end) == '!') {
                        // MySQL executable comment: its content runs as code.
                        i += 3;
                        while (i < end && Ascii.isDigit(b[i] & 0xFF)) {
                            i++;
                        }
                        continue;
                    }
                    if (next == '*') {
                        int close = Ascii.indexOf(b, i + 2, end, BLOCK_END);
                        i = close < 0 ? end : close + 2;
                        kind = SqlTokenKind.COMMENT;
                        code = COMMENT_TRUNCATES;
                    } else {
                        i++;
                        kind = SqlTokenKind.OPERATOR;
                    }
                }
                case '*' -> {
                    if (next == '/') {
                        i += 2;
                        continue;
                    }
                    i++;
                    kind = SqlTokenKind.OPERATOR;
                }
                case '@' -> {
                    int j = i + 1;
                    code = 1;
                    if (next == '@') {
                        j++;
                        code = 2;
                    }
                    int nameStart = j;
                    j = Ascii.wordEnd(b, j, end);
                    kind = j > nameStart ? SqlTokenKind.VARIABLE : SqlTokenKind.OPERATOR;
                    i = j > nameStart ? j : i + 1;
                }
                case '=' -> {
                    i++;
                    kind = SqlTokenKind.COMPARE;
                }
                case '<' -> {
                    kind = SqlTokenKind.COMPARE;
                    if (next == '=' && Ascii.at(b, i + 2, end) == '>') {
                        i += 3;
                    } else if (next == '=' || next == '>') {
                        i += 2;
                    } else if (next == '<') {
                        i += 2;
                        kind = SqlTokenKind.OPERATOR;
                    } else {
                        i++;
                    }
                }
                case '>' -> {
                    kind = SqlTokenKind.COMPARE;
                    if (next == '=') {
                        i += 2;
                    } else if (next == '>') {
                        i += 2;
                        kind = SqlTokenKind.OPERATOR;
                    } else {
                        i++;
                    }
                }
                case '!' -> {
                    if (next == '=' || next == '<' || next == '>') {
                        i += 2;
                        kind = SqlTokenKind.COMPARE;
                    } else {
                        i++;
                        kind = SqlTokenKind.NOT;
                    }
                }
                case '|', '&' -> {
                    if (next == c) {
                        i += 2;
                        kind = SqlTokenKind.LOGIC;
                    } else {
                        i++;
                        kind = SqlTokenKind.OPERATOR;
                    }
                }
                default -> {
                    if (Ascii.isDigit(c) || (c == '.' && Ascii.isDigit(next))) {
                        i = number(b, i, end);
                        if (i < end && Ascii.isWord(b[i] & 0xFF)) {
                            // "1st", "75oBC$": a word that starts with digits.
                            i = Ascii.wordEnd(b, i, end);
                            kind = SqlTokenKind.WORD;
                        } else {
                            kind = SqlTokenKind.NUMBER;
                            code = c == '0' && (next == 'x' || next == 'X') ? 1 : 0;
                        }
                    } else if (c == '.') {
                        i++;
                        kind = SqlTokenKind.DOT;
                    } else if (Ascii.isWord(c)) {
                        int j = Ascii.wordEnd(b, i, end);
                        int q = Ascii.at(b, j, end);
                        int l = Ascii.lower(c);
                        if (j == i + 1 && (q == '\'' || q == '"') && (l == 'n' || l == 'x' || l == 'b' || l == 'e')) {
                            int close = stringEnd(b, j + 1, end, q);
                            i = close < 0 ? end : close;
                            kind = SqlTokenKind.STRING;
                            code = close < 0 ? 0 : 1;
                        } else {
                            int word = SqlKeywords.TABLE.lookup(b, i, j - i);
                            kind = word == 0 ? SqlTokenKind.WORD : SqlTokenKind.of(word >>> 8);
                            code = word & 0xFF;
                            if ((kind == SqlTokenKind.FUNCTION || kind == SqlTokenKind.TIME_FUNCTION)
                                    && Ascii.at(b, skipSpaceAndComments(b, j, end), end) != '(') {
                                kind = SqlTokenKind.WORD;
                            }
                            i = j;
                        }
                    } else {
                        i++;
                        kind = SqlTokenKind.OPERATOR;
                    }
                }
            }
            s.kind[n] = kind;
            s.code[n] = code;
            s.start[n] = start;
            s.end[n] = i;
            n++;
        }
        resume[0] = i;
        return n;
    }

    private static final byte[] BLOCK_END = Ascii.bytes("*/");

    /**
     * The length of the JSON operator of PostgreSQL, MySQL or SQLite at {@code i} ({@code ->},
     * {@code ->>}, {@code #>}, {@code #>>}, {@code #-}, {@code <@}, {@code @>}, {@code @?},
     * {@code @@}, {@code ?|}, {@code ?&}, and {@code ?} before a string), or 0. Read only after a
     * string literal, where {@code #} and {@code ?} begin nothing else a rule reads.
     */
    private static int jsonOperatorLength(byte[] b, int i, int end) {
        int c = b[i] & 0xFF;
        int next = Ascii.at(b, i + 1, end);
        if ((c == '-' || c == '#') && next == '>') {
            return Ascii.at(b, i + 2, end) == '>' ? 3 : 2;
        }
        boolean two = switch (c) {
            case '#' -> next == '-';
            case '<' -> next == '@';
            case '@' -> next == '>' || next == '?' || (next == '@' && !Ascii.isWord(Ascii.at(b, i + 2, end)));
            case '?' -> next == '|' || next == '&';
            default -> false;
        };
        if (two) {
            return 2;
        }
        return c == '?' && Ascii.at(b, Ascii.skipSpace(b, i + 1, end), end) == '\'' ? 1 : 0;
    }

    private static int lineEnd(byte[] b, int i, int end) {
        while (i < end && b[i] != '\n') {
            i++;
        }
        return i;
    }

    /** How far past a function name a call's parenthesis is looked for: a long comment makes no call. */
    private static final int CALL_REACH = 256;
    private static final int CALL_COMMENTS = 16;

    private static int skipSpaceAndComments(byte[] b, int i, int valueEnd) {
        return Ascii.skipSpaceAndComments(b, i, valueEnd, CALL_REACH, CALL_COMMENTS);
    }

    private static int number(byte[] b, int i, int end) {
        int c = b[i] & 0xFF;
        int next = Ascii.at(b, i + 1, end);
        if (c == '0' && (next == 'x' || next == 'X') && Ascii.hexValue(Ascii.at(b, i + 2, end)) >= 0) {
            i += 2;
            while (i < end && Ascii.hexValue(b[i] & 0xFF) >= 0) {
                i++;
            }
            return i;
        }
        if (c == '0' && (next == 'b' || next == 'B') && (Ascii.at(b, i + 2, end) == '0' || Ascii.at(b, i + 2, end) == '1')) {
            i += 2;
            while (i < end && (b[i] == '0' || b[i] == '1')) {
                i++;
            }
            return i;
        }
        while (i < end && Ascii.isDigit(b[i] & 0xFF)) {
            i++;
        }
        if (i < end && b[i] == '.') {
            i++;
            while (i < end && Ascii.isDigit(b[i] & 0xFF)) {
                i++;
            }
        }
        int e = Ascii.at(b, i, end);
        if (e == 'e' || e == 'E') {
            int j = i + 1;
            int sign = Ascii.at(b, j, end);
            if (sign == '+' || sign == '-') {
                j++;
            }
            if (Ascii.isDigit(Ascii.at(b, j, end))) {
                i = j;
                while (i < end && Ascii.isDigit(b[i] & 0xFF)) {
                    i++;
                }
            }
        }
        return i;
    }
}
