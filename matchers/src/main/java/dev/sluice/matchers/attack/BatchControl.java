package dev.sluice.matchers.attack;

/**
 * The cmd.exe half of {@link ShellCommandScanner}'s work (CWE-78 on Windows): a batch {@code FOR}
 * loop or {@code IF} condition at a command position the scanner found (the start of the value,
 * or after {@code ; | & (} or a line break). A Windows service that hands a value to {@code cmd /c} runs
 * these as a POSIX shell runs {@code for}/{@code if}, and no English sentence has their grammar:
 *
 * <ul>
 *   <li>{@code FOR [/D|/R [path]|/L|/F ["options"]] %x IN (set) DO ...}: a loop variable
 *       ({@code %x} or {@code %%x}), {@code IN}, a parenthesized set and {@code DO};</li>
 *   <li>{@code IF [/I] [NOT] EXIST|DEFINED|ERRORLEVEL|CMDEXTVERSION operand command} and
 *       {@code IF [/I] [NOT] a==b command}, {@code IF a EQU|NEQ|LSS|LEQ|GTR|GEQ b command}, where
 *       the command is a block ({@code (}), an echo-off {@code @}, or a command word.</li>
 * </ul>
 *
 * <p>"Create the folder if not exist" and "if a == b then" pass: neither has a command after its
 * condition; nor do Python's {@code if x == 1: exit()} (its colon), PHP's {@code if ($a == $b) echo}
 * (a parenthesized condition compares nothing after it) and a POSIX {@code if [ "$a" == "$b" ];}.
 * A blank may be {@code +}, as a query string writes it.
 */
final class BatchControl {
    /** How far a loop's set or an operand may run before the construct is given up. */
    private static final int MAX_SPAN = 512;
    private static final int MAX_SWITCHES = 4;

    private static final byte[] FOR = Ascii.bytes("for");
    private static final byte[] IF = Ascii.bytes("if");
    private static final byte[] IN = Ascii.bytes("in");
    private static final byte[] DO = Ascii.bytes("do");
    private static final byte[] NOT = Ascii.bytes("not");
    private static final byte[] IGNORE_CASE = Ascii.bytes("/i");
    private static final byte[] EQUALS = Ascii.bytes("==");

    /** Words after {@code IF [NOT]} that take one operand: {@code EXIST file}, {@code DEFINED var}. */
    private static final WordTable UNARY = WordTable.of(1, "exist", "defined", "errorlevel", "cmdextversion");
    private static final WordTable COMPARISONS = WordTable.of(1, "equ", "neq", "lss", "leq", "gtr", "geq");
    /**
     * cmd.exe's built-in commands; anything {@link ShellCommandScanner#isCommand} knows counts too.
     * Not {@code for}: Python writes it after a comparison ({@code x == 0 for x in y}).
     */
    private static final WordTable BUILTINS = WordTable.of(1, "echo", "goto", "call", "set", "setlocal",
        "endlocal", "cd", "chdir", "md", "mkdir", "rd", "rmdir", "del", "erase", "copy", "xcopy", "robocopy",
        "move", "ren", "rename", "type", "dir", "exit", "start", "pause", "shift", "pushd", "popd", "cls", "if",
        "title", "color", "ver", "vol", "path", "prompt", "assoc", "ftype", "mklink", "attrib");

    private BatchControl() {
    }

    /** Whether a {@code FOR} loop or an {@code IF} condition starts at the command position {@code i}. */
    static boolean startsAt(byte[] b, int i, int end) {
        i = skipBlanks(b, i, end);
        if (Ascii.at(b, i, end) == '@') {
            i = skipBlanks(b, i + 1, end);
        }
        if (Ascii.startsWith(b, i, end, FOR)) {
            return forLoop(b, i + FOR.length, end);
        }
        return Ascii.startsWith(b, i, end, IF) && condition(b, i + IF.length, end);
    }

    /** After {@code FOR}: switches, the loop variable, {@code IN (set) DO}. */
    private static boolean forLoop(byte[] b, int i, int end) {
        if (!isBlank(Ascii.at(b, i, end))) {
            return false;
        }
        i = skipBlanks(b, i, end);
        for (int s = 0; s < MAX_SWITCHES && Ascii.at(b, i, end) == '/'; s++) {
            int option = Ascii.lower(Ascii.at(b, i + 1, end));
            if ("dlrf".indexOf(option) < 0 || !isBlank(Ascii.at(b, i + 2, end))) {
                return false;
            }
            i = skipBlanks(b, i + 2, end);
            int next = Ascii.at(b, i, end);
            if (next == '"') {
                i = skipBlanks(b, closing(b, i, end, '"'), end);
            } else if ((option == 'r' || option == 'f') && next != '%' && next != '/') {
                // /R's root path; /F's options with their quotes escaped (\"delims=\").
                i = skipBlanks(b, token(b, i, end), end);
            }
        }
        if (Ascii.at(b, i, end) != '%') {
            return false;
        }
        i++;
        if (Ascii.at(b, i, end) == '%' && !isBlank(Ascii.at(b, i + 1, end))) {
            i++;
        }
        if (i >= end || isBlank(b[i] & 0xFF) || !isBlank(Ascii.at(b, i + 1, end))) {
            return false;
        }
        i = skipBlanks(b, i + 1, end);
        if (!Ascii.startsWith(b, i, end, IN)) {
            return false;
        }
        i = skipBlanks(b, i + IN.length, end);
        if (Ascii.at(b, i, end) != '(') {
            return false;
        }
        i = skipBlanks(b, setEnd(b, i, end), end);
        return Ascii.startsWith(b, i, end, DO) && commandBoundary(Ascii.at(b, i + DO.length, end));
    }

    /** After {@code IF}: {@code /I}, {@code NOT}, a test, and a command. */
    private static boolean condition(byte[] b, int i, int end) {
        int c = Ascii.at(b, i, end);
        if (!isBlank(c) && c != '/') {
            return false;
        }
        i = skipBlanks(b, i, end);
        if (Ascii.startsWith(b, i, end, IGNORE_CASE) && isBlank(Ascii.at(b, i + 2, end))) {
            i = skipBlanks(b, i + 2, end);
        }
        if (Ascii.startsWith(b, i, end, NOT) && isBlank(Ascii.at(b, i + NOT.length, end))) {
            i = skipBlanks(b, i + NOT.length, end);
        }
        int word = Ascii.wordEnd(b, i, end);
        if (word > i && isBlank(Ascii.at(b, word, end)) && UNARY.lookup(b, i, word - i) != 0) {
            i = operandEnd(b, skipBlanks(b, word, end), end);
            return i > 0 && isBlank(Ascii.at(b, i, end)) && command(b, skipBlanks(b, i, end), end);
        }
        i = operandEnd(b, i, end);
        if (i < 0) {
            return false;
        }
        int op = skipBlanks(b, i, end);
        if (Ascii.startsWith(b, op, end, EQUALS)) {
            i = op + EQUALS.length;
            while (Ascii.at(b, i, end) == '=') {
                i++;
            }
        } else {
            int opEnd = Ascii.wordEnd(b, op, end);
            if (op == i || opEnd == op || !isBlank(Ascii.at(b, opEnd, end))
                    || COMPARISONS.lookup(b, op, opEnd - op) == 0) {
                return false;
            }
            i = opEnd;
        }
        i = operandEnd(b, skipBlanks(b, i, end), end);
        return i > 0 && isBlank(Ascii.at(b, i, end)) && command(b, skipBlanks(b, i, end), end);
    }

    /** Whether a command starts at {@code i}: a block, an echo-off {@code @}, or a command word. */
    private static boolean command(byte[] b, int i, int end) {
        int c = Ascii.at(b, i, end);
        if (c == '(' || c == '@') {
            return true;
        }
        int word = Ascii.wordEnd(b, i, end);
        return word > i && commandBoundary(Ascii.at(b, word, end))
            && (BUILTINS.lookup(b, i, word - i) != 0 || ShellCommandScanner.isCommand(b, i, word - i));
    }

    /**
     * The end of an operand at {@code i}: a quoted, bracketed or parenthesized run, or a run of
     * bytes up to a blank or {@code =}; -1 where there is none or it does not close in time.
     */
    private static int operandEnd(byte[] b, int i, int end) {
        int c = Ascii.at(b, i, end);
        int close = c == '"' ? '"' : c == '[' ? ']' : c == '(' ? ')' : c == '{' ? '}' : -1;
        if (close >= 0) {
            int after = closing(b, i, end, close);
            return after > end ? -1 : after;
        }
        int j = i;
        while (j < end && j - i < MAX_SPAN && !isBlank(b[j] & 0xFF) && b[j] != '=') {
            if (b[j] == '(' || b[j] == ')') {
                // A call ("if all(x == 0 for x in y)"): cmd.exe's bare operands hold no parenthesis.
                return -1;
            }
            j++;
        }
        // Python's "if x == 1: exit()" ends its condition with a colon; cmd.exe's never does.
        return j > i && b[j - 1] != ':' ? j : -1;
    }

    /** The index after the {@code close} that ends the run opened at {@code i}, or past {@code end}. */
    private static int closing(byte[] b, int i, int end, int close) {
        int limit = Math.min(end, i + MAX_SPAN);
        for (int j = i + 1; j < limit; j++) {
            if (b[j] == close) {
                return j + 1;
            }
        }
        return end + 1;
    }

    /**
     * The index after the parenthesis that closes a loop's set opened at {@code i}, past quoted
     * commands and nested parentheses ({@code ('cmd /c "set /a (6+2)"')}), or past {@code end}.
     */
    private static int setEnd(byte[] b, int i, int end) {
        int limit = Math.min(end, i + MAX_SPAN);
        int depth = 0;
        int quote = -1;
        for (int j = i; j < limit; j++) {
            int c = b[j];
            if (quote >= 0) {
                quote = c == quote ? -1 : quote;
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return j + 1;
            }
        }
        return end + 1;
    }

    private static int token(byte[] b, int i, int end) {
        while (i < end && !isBlank(b[i] & 0xFF)) {
            i++;
        }
        return i;
    }

    private static boolean commandBoundary(int c) {
        return c < 0 || isBlank(c) || c == '(' || c == '@' || c == '&' || c == '|' || c == '>' || c == '<';
    }

    private static boolean isBlank(int c) {
        return c == '+' || (c >= 0 && Ascii.isSpace(c));
    }

    private static int skipBlanks(byte[] b, int i, int end) {
        while (i < end && isBlank(b[i] & 0xFF)) {
            i++;
        }
        return i;
    }
}
