package dev.sluice.matchers.attack;

import static dev.sluice.matchers.attack.SqlKeywords.ALL;
import static dev.sluice.matchers.attack.SqlKeywords.BY;
import static dev.sluice.matchers.attack.SqlKeywords.DELAY;
import static dev.sluice.matchers.attack.SqlKeywords.INTO;
import static dev.sluice.matchers.attack.SqlKeywords.OBJECT_NOUN;
import static dev.sluice.matchers.attack.SqlTokenKind.COMMA;
import static dev.sluice.matchers.attack.SqlTokenKind.COMMENT;
import static dev.sluice.matchers.attack.SqlTokenKind.COMPARE;
import static dev.sluice.matchers.attack.SqlTokenKind.CONSTANT;
import static dev.sluice.matchers.attack.SqlTokenKind.DOT;
import static dev.sluice.matchers.attack.SqlTokenKind.FROM;
import static dev.sluice.matchers.attack.SqlTokenKind.FUNCTION;
import static dev.sluice.matchers.attack.SqlTokenKind.KEYWORD;
import static dev.sluice.matchers.attack.SqlTokenKind.LOGIC;
import static dev.sluice.matchers.attack.SqlTokenKind.LPAREN;
import static dev.sluice.matchers.attack.SqlTokenKind.NOT;
import static dev.sluice.matchers.attack.SqlTokenKind.NUMBER;
import static dev.sluice.matchers.attack.SqlTokenKind.OPERATOR;
import static dev.sluice.matchers.attack.SqlTokenKind.RPAREN;
import static dev.sluice.matchers.attack.SqlTokenKind.SELECT;
import static dev.sluice.matchers.attack.SqlTokenKind.SEMICOLON;
import static dev.sluice.matchers.attack.SqlTokenKind.STATEMENT;
import static dev.sluice.matchers.attack.SqlTokenKind.STRING;
import static dev.sluice.matchers.attack.SqlTokenKind.SYSTEM_OBJECT;
import static dev.sluice.matchers.attack.SqlTokenKind.TIME_FUNCTION;
import static dev.sluice.matchers.attack.SqlTokenKind.UNION;
import static dev.sluice.matchers.attack.SqlTokenKind.VARIABLE;
import static dev.sluice.matchers.attack.SqlTokenKind.WORD;

import dev.sluice.matchers.attack.SqlTokenizer.Context;

/**
 * The injection shapes of {@link SqlInjectionValidator}, evaluated over one window of tokens
 * in {@link AttackScratch}. Comments are skipped when looking for the next or previous token
 * ({@code UNION/**}{@code /SELECT}) except where a comment is itself the signal (truncation
 * after a quote). A token index at or past the window's end reads as "end of value".
 */
final class SqlInjectionRules {
    private static final int MAX_NESTING = 2;
    private static final int MAX_ARGS = 32;

    private SqlInjectionRules() {
    }

    /** Whether the first {@code n} tokens hold an injection; breakout rules only on the first window. */
    static boolean matches(AttackScratch s, int n, Context ctx, boolean first) {
        if (first && breakout(s, n, ctx)) {
            return true;
        }
        SqlTokenKind[] k = s.kind;
        for (int i = 0; i < n; i++) {
            boolean hit = switch (k[i]) {
                case UNION -> unionSelect(s, n, i);
                case SELECT -> selectList(s, n, i);
                case TIME_FUNCTION -> timeProbe(s, n, i);
                case STATEMENT -> statement(s, n, i);
                case SYSTEM_OBJECT -> systemObject(s, n, i);
                case VARIABLE -> s.code[i] == 2 && systemVariable(s, n, i);
                case FUNCTION -> encodedCharacters(s, n, i);
                default -> false;
            };
            if (hit) {
                return true;
            }
        }
        return false;
    }

    // ---- navigation -------------------------------------------------------------------

    private static SqlTokenKind kind(AttackScratch s, int n, int i) {
        return i >= 0 && i < n ? s.kind[i] : null;
    }

    private static int next(AttackScratch s, int n, int i) {
        int j = i + 1;
        while (j < n && s.kind[j] == COMMENT) {
            j++;
        }
        return j;
    }

    private static int previous(AttackScratch s, int i) {
        int j = i - 1;
        while (j >= 0 && s.kind[j] == COMMENT) {
            j--;
        }
        return j;
    }

    private static boolean isKeyword(AttackScratch s, int n, int i, int id) {
        return kind(s, n, i) == KEYWORD && s.code[i] == id;
    }

    private static boolean isOperator(AttackScratch s, int n, int i, int ch) {
        return kind(s, n, i) == OPERATOR && s.code[i] == ch;
    }

    /** Index of the token after the parenthesis that closes the one at {@code open}. */
    private static int afterParens(AttackScratch s, int n, int open) {
        int depth = 0;
        int limit = Math.min(n, open + MAX_ARGS * 4);
        for (int j = open; j < limit; j++) {
            if (s.kind[j] == LPAREN) {
                depth++;
            } else if (s.kind[j] == RPAREN && --depth == 0) {
                return next(s, n, j);
            }
        }
        return n;
    }

    private static boolean isOperand(SqlTokenKind k) {
        return k == NUMBER || k == STRING || k == CONSTANT || k == VARIABLE || k == WORD || k == LPAREN
            || k == FUNCTION || k == TIME_FUNCTION || k == SELECT;
    }

    // ---- breaking out of the host query's literal --------------------------------------

    /**
     * The value closes a string (quoted contexts) or ends a number (code context), then
     * leaves the literal: logic forming a comparison, a comment, a statement separator.
     */
    private static boolean breakout(AttackScratch s, int n, Context ctx) {
        boolean quoted = ctx != Context.NONE;
        int i = 0;
        if (!quoted) {
            if (isOperator(s, n, 0, '-')) {
                i = 1;
            }
            if (kind(s, n, i) != NUMBER) {
                return false;
            }
        }
        i++;
        int parens = 0;
        while (kind(s, n, i) == RPAREN) {
            i++;
            parens++;
        }
        SqlTokenKind k = kind(s, n, i);
        if (k == null) {
            return false;
        }
        return switch (k) {
            case COMMENT -> s.code[i] == SqlTokenizer.COMMENT_TRUNCATES && (quoted || parens > 0);
            case SEMICOLON -> {
                SqlTokenKind after = kind(s, n, next(s, n, i));
                yield quoted && (after == null || after == STATEMENT || after == SELECT);
            }
            case LOGIC -> {
                int term = next(s, n, i);
                yield booleanTerm(s, n, term, quoted, commented(s, term), 0);
            }
            case COMPARE -> {
                int j = next(s, n, i);
                SqlTokenKind a = kind(s, n, j);
                SqlTokenKind after = kind(s, n, next(s, n, j));
                yield quoted && ((a == STRING && s.code[j] == 1) || a == NUMBER || a == CONSTANT)
                    && (after == null || after == LOGIC || after == COMMENT || after == SEMICOLON);
            }
            case KEYWORD -> {
                int j = next(s, n, i);
                int id = s.code[i];
                yield ((id == SqlKeywords.ORDER || id == SqlKeywords.GROUP) && isKeyword(s, n, j, BY))
                    || (quoted && id == INTO && isKeyword(s, n, j, SqlKeywords.OUTFILE))
                    || (quoted && id == SqlKeywords.LIMIT && kind(s, n, j) == NUMBER)
                    || (quoted && id == SqlKeywords.PROCEDURE && kind(s, n, j) == WORD);
            }
            default -> false;
        };
    }

    /** Whether a comment lies among the first {@code j} tokens: prose never writes one inside its logic. */
    private static boolean commented(AttackScratch s, int j) {
        for (int i = 0; i < j; i++) {
            if (s.kind[i] == COMMENT) {
                return true;
            }
        }
        return false;
    }

    /**
     * After AND/OR: a comparison, or a bare truth value in a quoted context or where a comment
     * sits in the logic ({@code 9999 or /* hint *}{@code / true}).
     */
    private static boolean booleanTerm(AttackScratch s, int n, int j, boolean quoted, boolean commented, int depth) {
        for (int guard = 0; guard < 4; guard++) {
            SqlTokenKind k = kind(s, n, j);
            if (k == NOT || (k == OPERATOR && (s.code[j] == '-' || s.code[j] == '+' || s.code[j] == '~'))) {
                j = next(s, n, j);
            } else {
                break;
            }
        }
        SqlTokenKind a = kind(s, n, j);
        if (a == null) {
            return false;
        }
        switch (a) {
            case NUMBER, CONSTANT, STRING, VARIABLE -> {
                int k = next(s, n, j);
                SqlTokenKind op = kind(s, n, k);
                if (op == COMPARE || (op == OPERATOR && isArithmetic(s.code[k]))) {
                    return rightOperand(s, n, next(s, n, k));
                }
                if (op == null || op == COMMENT || op == SEMICOLON || op == RPAREN) {
                    return quoted || commented ? a != STRING : op == COMMENT;
                }
                return false;
            }
            case FUNCTION, TIME_FUNCTION, WORD -> {
                int k = next(s, n, j);
                if (kind(s, n, k) == LPAREN) {
                    int after = afterParens(s, n, k);
                    SqlTokenKind op = kind(s, n, after);
                    if (op == COMPARE || (op == OPERATOR && isArithmetic(s.code[after]))) {
                        return true;
                    }
                    // A function no list holds counts when only a bare comment ends the value after its
                    // call (' or sqlite_compileoption_used(id)--): prose's "(maybe) -- who knows" goes on.
                    return quoted && (a != WORD ? op == null || op == COMMENT : endingComment(s, n, after));
                }
                return quoted && a == WORD && kind(s, n, k) == COMPARE && rightOperand(s, n, next(s, n, k));
            }
            case LPAREN -> {
                return depth < MAX_NESTING && booleanTerm(s, n, next(s, n, j), quoted, commented, depth + 1);
            }
            default -> {
                return false;
            }
        }
    }

    /** Most bytes of a comment that ends a value and truncates the host query: {@code --}, {@code -- }, {@code #}, {@code --+}. */
    private static final int MAX_ENDING_COMMENT = 3;

    /**
     * Whether the call whose closing parenthesis comes before {@code after} (the next token that is
     * no comment) is followed by nothing but one truncating comment of a few bytes.
     */
    private static boolean endingComment(AttackScratch s, int n, int after) {
        int c = n - 1;
        return after >= n && c >= 1 && s.kind[c] == COMMENT && s.kind[c - 1] == RPAREN
            && s.code[c] == SqlTokenizer.COMMENT_TRUNCATES && s.end[c] - s.start[c] <= MAX_ENDING_COMMENT;
    }

    private static boolean rightOperand(AttackScratch s, int n, int j) {
        for (int guard = 0; guard < 3 && (kind(s, n, j) == NOT
                || isOperator(s, n, j, '-') || isOperator(s, n, j, '+')); guard++) {
            j = next(s, n, j);
        }
        return isOperand(kind(s, n, j));
    }

    private static boolean isArithmetic(int ch) {
        return ch == '+' || ch == '-' || ch == '*' || ch == '/' || ch == '%' || ch == '^' || ch == '&' || ch == '|'
            || ch == 1 || ch == 2;
    }

    // ---- query shapes anywhere in the value ---------------------------------------------

    /** UNION [ALL|DISTINCT] [(] SELECT. */
    private static boolean unionSelect(AttackScratch s, int n, int i) {
        int j = next(s, n, i);
        if (isKeyword(s, n, j, ALL)) {
            j = next(s, n, j);
        }
        for (int guard = 0; guard < 4 && kind(s, n, j) == LPAREN; guard++) {
            j = next(s, n, j);
        }
        return kind(s, n, j) == SELECT;
    }

    /** SELECT followed by a select list, in a position where a sub-query or stacked query can start. */
    private static boolean selectList(AttackScratch s, int n, int i) {
        int j = next(s, n, i);
        SqlTokenKind a = kind(s, n, j);
        if (a == null) {
            return false;
        }
        SqlTokenKind after = kind(s, n, next(s, n, j));
        boolean list = switch (a) {
            case NUMBER, VARIABLE, FUNCTION, TIME_FUNCTION, CONSTANT, STRING, LPAREN, SYSTEM_OBJECT -> true;
            case OPERATOR -> s.code[j] == '*';
            // SELECT CASE WHEN (1=1) THEN 1 ELSE 0 END: the boolean probe of blind injection.
            case KEYWORD -> s.code[j] == ALL || s.code[j] == SqlKeywords.CASE;
            case WORD -> after == COMMA || after == FROM || after == LPAREN
                || (after == DOT && kind(s, n, next(s, n, next(s, n, j))) == WORD);
            default -> false;
        };
        if (!list) {
            return false;
        }
        int p = previous(s, i);
        if (p < 0) {
            // A value that is a whole query: require its FROM clause too.
            for (int f = next(s, n, j); f < n; f = next(s, n, f)) {
                if (s.kind[f] == FROM) {
                    SqlTokenKind t = kind(s, n, next(s, n, f));
                    return t == WORD || t == SYSTEM_OBJECT || t == LPAREN;
                }
            }
            return false;
        }
        // Where SQL grammar lets a query start: "(SELECT", "; SELECT", "UNION SELECT".
        SqlTokenKind before = s.kind[p];
        return before == LPAREN || before == SEMICOLON || before == UNION;
    }

    /** SLEEP(5), BENCHMARK(1e7, ..), pg_sleep(5) and error-forcing functions with arguments. */
    private static boolean timeProbe(AttackScratch s, int n, int i) {
        int open = next(s, n, i);
        if (kind(s, n, open) != LPAREN) {
            return false;
        }
        int j = next(s, n, open);
        SqlTokenKind a = kind(s, n, j);
        if (a == null || a == RPAREN) {
            return false;
        }
        if (s.code[i] == SqlKeywords.ERROR_FUNCTION) {
            return true;
        }
        SqlTokenKind after = kind(s, n, next(s, n, j));
        int op = s.code[j];
        return switch (a) {
            case NUMBER, STRING -> after == RPAREN || after == COMMA || after == OPERATOR;
            case LPAREN, SELECT, VARIABLE, FUNCTION, TIME_FUNCTION -> true;
            // SLEEP(MOD(10,5)), SLEEP(-3*-2): a call, or a signed number, as the duration.
            case WORD -> after == LPAREN;
            case OPERATOR -> (op == '-' || op == '+') ? after == NUMBER : isArithmetic(op) && after == LPAREN;
            default -> false;
        };
    }

    /** Stacked statements after {@code ;}, and WAITFOR DELAY anywhere. */
    private static boolean statement(AttackScratch s, int n, int i) {
        int j = next(s, n, i);
        SqlTokenKind a = kind(s, n, j);
        int id = s.code[i];
        if (id == SqlKeywords.WAITFOR) {
            return isKeyword(s, n, j, DELAY) && (kind(s, n, next(s, n, j)) == STRING);
        }
        int p = previous(s, i);
        if (p < 0 || s.kind[p] != SEMICOLON) {
            return false;
        }
        return switch (id) {
            case SqlKeywords.DROP, SqlKeywords.CREATE, SqlKeywords.ALTER, SqlKeywords.TRUNCATE ->
                isKeyword(s, n, j, OBJECT_NOUN);
            case SqlKeywords.DELETE -> a == FROM || (a == WORD && kind(s, n, next(s, n, j)) == FROM);
            case SqlKeywords.INSERT, SqlKeywords.REPLACE -> isKeyword(s, n, j, INTO);
            case SqlKeywords.UPDATE -> {
                int k = next(s, n, j);
                yield a == WORD && kind(s, n, k) == STATEMENT && s.code[k] == SqlKeywords.SET;
            }
            case SqlKeywords.DECLARE, SqlKeywords.SET -> a == VARIABLE;
            case SqlKeywords.EXEC -> a == SYSTEM_OBJECT || a == VARIABLE || a == LPAREN || a == STRING
                || (a == WORD && kind(s, n, next(s, n, j)) == DOT);
            case SqlKeywords.SHUTDOWN -> a == null || a == SEMICOLON;
            case SqlKeywords.GRANT -> isKeyword(s, n, j, ALL);
            default -> false;
        };
    }

    /** information_schema.tables, FROM sysobjects, EXEC xp_cmdshell. */
    private static boolean systemObject(AttackScratch s, int n, int i) {
        if (s.code[i] == SqlKeywords.ALWAYS) {
            return true;
        }
        int p = previous(s, i);
        SqlTokenKind before = kind(s, n, p);
        if (before == FROM || before == DOT || (before == KEYWORD && s.code[p] == SqlKeywords.JOIN)) {
            return true;
        }
        return s.code[i] == SqlKeywords.IN_CONTEXT && kind(s, n, next(s, n, i)) == DOT
            && isOperand(kind(s, n, next(s, n, next(s, n, i))));
    }

    /** {@code @@version} and friends used as an expression. */
    private static boolean systemVariable(AttackScratch s, int n, int i) {
        SqlTokenKind before = kind(s, n, previous(s, i));
        SqlTokenKind after = kind(s, n, next(s, n, i));
        return before == SELECT || before == UNION || before == LOGIC || before == COMPARE || before == OPERATOR
            || before == LPAREN || before == COMMA
            || after == COMPARE || after == RPAREN || after == COMMA || after == LOGIC || after == FROM;
    }

    /** CHAR(65,66), CHR(65)||, CONCAT(0x41, ..), group_concat(..). */
    private static boolean encodedCharacters(AttackScratch s, int n, int i) {
        int id = s.code[i];
        int open = next(s, n, i);
        if (kind(s, n, open) != LPAREN) {
            return false;
        }
        if (id == SqlKeywords.GROUP_CONCAT) {
            return true;
        }
        int j = next(s, n, open);
        if (id == SqlKeywords.CHAR) {
            if (kind(s, n, j) != NUMBER) {
                return false;
            }
            int k = next(s, n, j);
            if (kind(s, n, k) == COMMA && kind(s, n, next(s, n, k)) == NUMBER) {
                return true;
            }
            int after = afterParens(s, n, open);
            int before = previous(s, i);
            return kind(s, n, after) == LOGIC || isOperator(s, n, after, '+')
                || kind(s, n, before) == LOGIC || isOperator(s, n, before, '+');
        }
        if (id == SqlKeywords.CONCAT) {
            int limit = Math.min(n, open + MAX_ARGS);
            for (int a = j; a < limit && s.kind[a] != RPAREN; a++) {
                if ((s.kind[a] == NUMBER && s.code[a] == 1) || s.kind[a] == SELECT
                        || (s.kind[a] == VARIABLE && s.code[a] == 2)) {
                    return true;
                }
            }
        }
        return false;
    }
}
