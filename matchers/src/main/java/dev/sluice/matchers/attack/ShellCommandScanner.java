package dev.sluice.matchers.attack;

import dev.sluice.matchers.validate.KindChanges;

/**
 * The shell half of {@link CommandInjectionValidator} (CWE-78, OS command injection; OWASP
 * WSTG-INPV-12): finds a command word in command position.
 *
 * <p>Command position is after a separator ({@code ; | || & && newline}), inside command
 * substitution ({@code `cmd`}, {@code $(cmd)}), or at the very start of the value. The word
 * may be obfuscated with quotes or backslashes ({@code c'a't}, {@code c\at}), split by an empty
 * substitution ({@code wh``oami}, {@code ping$()}) or hidden by glob wildcards
 * ({@code /???/??t}, matched by {@link ShellGlob}), prefixed with a path ({@code /bin/bash}) and
 * separated from its arguments by {@code ${IFS}} or {@code +}.
 * How much more is needed depends on the word ({@link #COMMANDS}):
 *
 * <ul>
 *   <li>distinctive commands (whoami, wget, curl, nslookup, powershell, bash, python, ...)
 *       need only a separator before them and a word boundary after;</li>
 *   <li>words that are also English or too short (cat, ls, id, echo, set, ping, sh, ...)
 *       need an argument that looks like shell: a flag, a path, a URL, a variable, a
 *       redirection, a number after a separator, or the end of the value;</li>
 *   <li>at the start of the value, with no separator, any command needs a flag, a path or a
 *       URL as argument ({@code cat /etc/passwd}, not "bash away in the gym").</li>
 * </ul>
 *
 * <p>A wrapper ({@code time}, {@code nohup}, {@code env}, {@code sudo}, ...) passes its position on
 * to the command after it. After {@code |}, {@code &&}, {@code ||} or a {@code ;} with no blank
 * after it, any word followed by a flag is a command ({@code ;lastlogin -u admin}).
 *
 * <p>Also: a {@code /bin/} or {@code /usr/bin/} path in command position, bash's process
 * substitution ({@code <(cat file)}), cmd.exe's {@code FOR}
 * loops and {@code IF} conditions there and after {@code (} ({@link BatchControl}), and the
 * Shellshock function prefix {@code () { :; };} (CVE-2014-6271).
 */
final class ShellCommandScanner {
    private static final int STRONG = 1;
    private static final int NEEDS_ARGUMENT = 2;
    private static final int MAX_WORD = 24;

    /**
     * A {@link #COMMANDS} bit: the word runs the command after it ({@code time sh -c id},
     * {@code nohup ifconfig}, {@code flock -u / whoami}), which then stands where it stands.
     */
    private static final int WRAPS = 4;

    /**
     * Command names: {@link #STRONG} or {@link #NEEDS_ARGUMENT}, with {@link #WRAPS} for a
     * wrapper; a wrapper that is no command of its own ({@code time}, {@code strace}) has that
     * bit alone. One table, so a command position costs one lookup.
     */
    private static final WordTable COMMANDS;
    /** {@link #COMMANDS}' words and codes in a list, for a globbed name ({@link ShellGlob}). */
    private static final byte[][] COMMAND_NAMES;
    private static final int[] COMMAND_CODES;

    static {
        String[] strong = {"whoami", "uname", "wget", "curl", "nslookup", "getent", "powershell", "pwsh",
            "netcat", "ncat", "certutil", "bitsadmin", "ifconfig", "ipconfig", "netstat", "systeminfo", "chmod",
            "chown", "base64", "xxd", "socat", "telnet", "tftp", "printf", "bash", "zsh", "ksh", "csh", "tcsh",
            "dash", "python", "python2", "python3", "perl", "ruby", "php", "node", "nodejs", "lua", "nmap",
            "xterm", "busybox", "crontab", "nohup", "sudo", "passwd", "useradd", "tasklist", "taskkill",
            "wmic", "rundll32", "regsvr32", "mshta", "cscript", "wscript", "schtasks", "reg", "icacls",
            "hostname", "traceroute", "tracert", "dig", "nc", "cmd", "chattr", "mkfifo", "xargs", "gcc",
            "killall", "pkill", "ps", "rev", "md5sum", "sha1sum", "bzip2", "gzip"};
        String[] weak = {"cat", "ls", "id", "sh", "ping", "host", "rm", "cp", "mv", "echo", "env", "sleep",
            "awk", "sed", "grep", "find", "head", "tail", "more", "less", "kill", "touch", "mkdir", "sort",
            "dir", "type", "set", "copy", "del", "net", "wc", "export", "exec", "eval", "java", "su", "tar",
            "zip", "unzip", "timeout", "ftp", "ssh", "scp", "tee", "od", "strings", "date", "uniq", "cut", "tr",
            "nl", "ln", "pwd", "who", "last", "df", "du", "top", "free", "uptime", "lsof", "file", "stat",
            "history", "alias", "source", "start", "call", "whereis", "which", "locate", "dd", "openssl",
            "mail", "sendmail", "unset", "declare", "read", "write", "expr", "test", "true", "false", "vi",
            "vim", "nano", "man", "rmdir", "chgrp", "sh.exe", "cmd.exe", "powershell.exe", "bash.exe"};
        String[] wrappers = {"time", "nohup", "strace", "ltrace", "nice", "ionice", "stdbuf", "setsid", "sudo",
            "doas", "env", "timeout", "flock", "cpulimit", "unbuffer", "exec", "command", "builtin", "xargs", "chrt",
            "taskset", "torsocks", "proxychains"};
        java.util.Map<String, Integer> code = new java.util.LinkedHashMap<>();
        for (String w : strong) {
            code.put(w, STRONG);
        }
        for (String w : weak) {
            code.put(w, w.endsWith(".exe") ? STRONG : NEEDS_ARGUMENT);
        }
        for (String w : wrappers) {
            code.merge(w, WRAPS, (a, b) -> a | b);
        }
        COMMAND_NAMES = code.keySet().stream().map(Ascii::bytes).toArray(byte[][]::new);
        COMMAND_CODES = code.values().stream().mapToInt(Integer::intValue).toArray();
        COMMANDS = WordTable.of(code.keySet().toArray(new String[0]), COMMAND_CODES);
    }

    /** Whether {@code b[off, off + len)} names a command (not only a wrapper), ignoring case. */
    static boolean isCommand(byte[] b, int off, int len) {
        return (COMMANDS.lookup(b, off, len) & (STRONG | NEEDS_ARGUMENT)) != 0;
    }

    /** How many of a wrapper's own arguments ({@code -n 10}, {@code VAR=x}) are skipped before its command. */
    private static final int MAX_WRAPPER_ARGS = 6;

    /** How the command position was reached. */
    private enum Position {
        /** Start of the value: no separator. */
        START,
        /** After {@code &} or a newline. */
        SEPARATOR,
        /**
         * After {@code ;}, {@code |}, {@code &&} or {@code ||}, which end a statement and start
         * another: any word there followed by a flag ({@code ;lastlogin -u admin}) is a command.
         */
        STATEMENT,
        /** Inside {@code `...`} or {@code $(...)}. */
        SUBSTITUTION
    }

    private static final byte[] IFS = Ascii.bytes("${ifs}");
    private static final byte[] IFS_BARE = Ascii.bytes("$ifs");
    private static final byte[] BIN = Ascii.bytes("/bin/");
    private static final byte[] HTTP = Ascii.bytes("http");
    private static final byte[] FTP = Ascii.bytes("ftp:");

    private ShellCommandScanner() {
    }

    static boolean detect(byte[] b, int off, int end, byte[] word) {
        if (command(b, off, end, Position.START, word) || BatchControl.startsAt(b, off, end)) {
            return true;
        }
        for (int i = off; i < end; i++) {
            int c = b[i] & 0xFF;
            switch (c) {
                case ';', '|', '&', '\n', '\r' -> {
                    boolean notASeparator = c == ';' ? afterMediaType(b, off, i)
                            : (c == '\n' || c == '\r') && encodedLine(b, i + 1, end);
                    // Prose writes "hook; use --no-verify": a semicolon counts with its word only.
                    boolean statement = c == ';' ? !Ascii.isSpace(Ascii.at(b, i + 1, end)) && Ascii.at(b, i + 1, end) != '+'
                            : c == '|' || (c == '&' && i > off && b[i - 1] == '&');
                    Position pos = statement ? Position.STATEMENT : Position.SEPARATOR;
                    if (!notASeparator && (command(b, i + 1, end, pos, word)
                            || BatchControl.startsAt(b, i + 1, end))) {
                        return true;
                    }
                }
                case '<', '>' -> {
                    if (Ascii.at(b, i + 1, end) == '(' && processSubstitution(b, i + 2, end, word)) {
                        return true;
                    }
                }
                case '`' -> {
                    if (markupBackticks(b, off, i, end)) {
                        i = skipBackticks(b, i, end) - 1;
                    } else if (command(b, i + 1, end, Position.SUBSTITUTION, word)) {
                        return true;
                    }
                }
                case '$' -> {
                    if (Ascii.at(b, i + 1, end) == '(' && command(b, i + 2, end, Position.SUBSTITUTION, word)) {
                        return true;
                    }
                }
                case '(' -> {
                    if (shellshock(b, i, end) || BatchControl.startsAt(b, i + 1, end)) {
                        return true;
                    }
                }
                default -> {
                }
            }
        }
        return false;
    }

    /**
     * Whether the backtick at {@code i} is part of a run of two or more: reStructuredText's inline
     * literal ({@code ``copy``}) or a Markdown code fence ({@code ```bash}), which comment and
     * issue bodies carry; a shell substitution opens with one. (An empty {@code ``} inside a
     * command word is read by {@link #readWord}.)
     */
    private static boolean markupBackticks(byte[] b, int off, int i, int end) {
        int start = i;
        while (start > off && b[start - 1] == '`') {
            start--;
        }
        return skipBackticks(b, start, end) - start >= 2;
    }

    private static int skipBackticks(byte[] b, int i, int end) {
        while (i < end && b[i] == '`') {
            i++;
        }
        return i;
    }

    /**
     * Whether the {@code ;} at {@code semi} ends a media type ({@code data:image/png;base64,},
     * {@code text/html; charset=utf-8}): there it starts a parameter, not a command.
     */
    private static boolean afterMediaType(byte[] b, int off, int semi) {
        int k = semi - 1;
        int subtype = 0;
        while (k >= off && mediaTypeChar(b[k] & 0xFF)) {
            k--;
            subtype++;
        }
        if (subtype == 0 || k < off || b[k] != '/') {
            return false;
        }
        k--;
        int type = 0;
        while (k >= off && mediaTypeChar(b[k] & 0xFF) && type < 32) {
            k--;
            type++;
        }
        return type > 0 && (k < off || b[k] == ':' || Ascii.isSpace(b[k] & 0xFF) || b[k] == '"' || b[k] == '=');
    }

    /** Shortest line read as encoded data by {@link #encodedLine}; PEM and MIME wrap base64 at 64 and 76. */
    private static final int ENCODED_LINE_MIN = 40;

    /**
     * Whether the line that starts at {@code i} is a line of base64 (a certificate or key in PEM,
     * a MIME attachment): at least {@link #ENCODED_LINE_MIN} bytes of the base64 alphabet alone,
     * whose kind of byte (upper case, lower case, digit) changes at two boundaries in five or
     * more, as random data does ({@link KindChanges}). Its first letters may spell a command
     * followed by {@code +} and a digit ({@code oD+5Wj...}: "od 5"), which is no command. A command line padded out to the
     * length with the same alphabet ({@code cat+/etc/passwd+/etc/shadow...}) changes kind too
     * rarely to pass.
     */
    private static boolean encodedLine(byte[] b, int i, int end) {
        int k = i;
        while (k < end && b[k] != '\n' && b[k] != '\r') {
            int c = b[k] & 0xFF;
            if (!Ascii.isAlpha(c) && !Ascii.isDigit(c) && c != '+' && c != '/' && c != '=') {
                return false;
            }
            k++;
        }
        return k - i >= ENCODED_LINE_MIN && KindChanges.often(b, i, k - i);
    }

    private static boolean mediaTypeChar(int c) {
        return Ascii.isAlpha(c) || Ascii.isDigit(c) || c == '.' || c == '+' || c == '-';
    }

    /** {@code () { :; };} and its spacing variants. */
    private static boolean shellshock(byte[] b, int i, int end) {
        int k = Ascii.skipSpace(b, i + 1, end);
        if (Ascii.at(b, k, end) != ')') {
            return false;
        }
        k = Ascii.skipSpace(b, k + 1, end);
        if (Ascii.at(b, k, end) != '{') {
            return false;
        }
        k = Ascii.skipSpace(b, k + 1, end);
        return Ascii.at(b, k, end) == ':' || Ascii.at(b, k, end) == '_';
    }

    /** Skips white space, {@code +} (a space in form encoding) and {@code ${IFS}} / {@code $IFS$9}. */
    private static int skipBlanks(byte[] b, int i, int end) {
        for (int guard = 0; guard < 64 && i < end; guard++) {
            int c = b[i] & 0xFF;
            if (Ascii.isSpace(c) || c == '+' || c == '{') {
                i++;
            } else if (Ascii.startsWith(b, i, end, IFS)) {
                i += IFS.length;
            } else if (Ascii.startsWith(b, i, end, IFS_BARE)) {
                i += IFS_BARE.length;
                if (Ascii.at(b, i, end) == '$' && Ascii.isDigit(Ascii.at(b, i + 1, end))) {
                    i += 2;
                }
            } else {
                break;
            }
        }
        return i;
    }

    /**
     * Reads a possibly obfuscated command word at {@code i} into {@code word} (lower case,
     * quotes and backslashes dropped, path prefix dropped) and decides.
     */
    private static boolean command(byte[] b, int i, int end, Position pos, byte[] word) {
        return command(b, i, end, pos, word, true);
    }

    /** {@code mayWrap}: the word may be a wrapper whose command follows (one level only). */
    private static boolean command(byte[] b, int i, int end, Position pos, byte[] word, boolean mayWrap) {
        i = skipBlanks(b, i, end);
        boolean binPath = Ascii.startsWith(b, i, end, BIN) || (Ascii.at(b, i, end) == '/'
            && Ascii.indexOf(b, i, Math.min(end, i + 10), BIN) > i);
        long read = readWord(b, i, end, word);
        int j = (int) (read >>> 16);
        int len = (int) (read & 0xFF);
        boolean split = (read & SPLIT) != 0;
        int lastSlash = len - 1;
        while (lastSlash >= 0 && word[lastSlash] != '/') {
            lastSlash--;
        }
        int nameStart = lastSlash + 1;
        int nameLen = len - nameStart;
        if (nameLen <= 0 || !boundary(Ascii.at(b, j, end))) {
            return false;
        }
        int code;
        if (ShellGlob.has(word, 0, len)) {
            code = globbedCommand(word, nameStart, len);
            // An absolute path that names a command through wildcards (/???/??t, /usr/bin/wh?ami):
            // no path a user types looks so, so it counts wherever it stands.
            if (code != 0 && word[0] == '/') {
                return true;
            }
            mayWrap = false;
        } else {
            code = COMMANDS.lookup(word, nameStart, nameLen);
            if (code == 0 && nameLen > 4 && Ascii.startsWith(word, nameStart + nameLen - 4, nameStart + nameLen, EXE)) {
                code = COMMANDS.lookup(word, nameStart, nameLen - 4);
            }
        }
        if (lastSlash >= 0 && pos != Position.START && binPath) {
            return true;
        }
        if (mayWrap && lastSlash < 0 && (code & WRAPS) != 0 && wrapped(b, j, end, pos, word)) {
            return true;
        }
        int kind = code & (STRONG | NEEDS_ARGUMENT);
        if (kind != 0 && split) {
            return true;
        }
        if (kind == 0) {
            return pos == Position.STATEMENT && lastSlash < 0 && Ascii.isAlpha(word[0] & 0xFF)
                && flag(b, skipBlanks(b, j, end), end);
        }
        if (lastSlash >= 0 && nameStart > 0 && word[0] != '/') {
            return false;
        }
        return switch (pos) {
            case SUBSTITUTION -> true;
            case SEPARATOR, STATEMENT -> kind == STRONG || shellArgument(b, j, end, true);
            case START -> shellArgument(b, j, end, false) && flagPathOrUrl(b, skipBlanks(b, j, end), end);
        };
    }

    /**
     * Reads the command word at {@code i} into {@code word}: lower case, with what the shell
     * removes before it runs the word dropped (quotes, backslashes, empty substitutions
     * {@code ``} and {@code $()}, and {@code $@}/{@code $*}, which are empty outside a function),
     * and the glob characters attackers hide names with kept: {@code ?} ({@code /???/??t},
     * {@code wh?ami}), and bracket expressions in an absolute path ({@code /bin/c[a]t}). A
     * {@code *} ends the word (code is full of {@code *args} and {@code *ptr}), and so does a
     * bracket elsewhere (regular expressions write {@code |[a-z]+}). {@code $0}, the running
     * shell, reads as {@code sh}. Returns (index after the word << 16) | {@link #SPLIT} | its
     * length.
     */
    private static long readWord(byte[] b, int i, int end, byte[] word) {
        if (Ascii.at(b, i, end) == '$' && Ascii.at(b, i + 1, end) == '0' && boundary(Ascii.at(b, i + 2, end))) {
            word[0] = 's';
            word[1] = 'h';
            return ((long) (i + 2) << 16) | 2;
        }
        int len = 0;
        int j = i;
        int split = 0;
        while (j < end && len < MAX_WORD) {
            int c = b[j] & 0xFF;
            int removed = removedByShell(b, j, end);
            if (removed > 0) {
                // reST writes ``copy``: an empty backtick pair splits a name only inside it.
                boolean inside = b[j] == '$' || Ascii.isWord(Ascii.at(b, j + removed, end));
                split |= removed > 1 && len > 0 && inside ? SPLIT : 0;
                j += removed;
                continue;
            }
            if (c == '[' && len > 0 && word[0] == '/') {
                int close = ShellGlob.bracketEnd(b, j, Math.min(end, j + MAX_WORD));
                if (close < 0 || len + close + 1 - j > MAX_WORD) {
                    break;
                }
                for (; j <= close; j++) {
                    word[len++] = (byte) Ascii.lower(b[j] & 0xFF);
                }
                continue;
            }
            if (c != '/' && c != '?' && (!Ascii.isWord(c) && c != '.' && c != '-' || c >= 0x80 || c == '$')) {
                break;
            }
            word[len++] = (byte) Ascii.lower(c);
            j++;
        }
        return ((long) j << 16) | split | len;
    }

    /**
     * {@link #readWord}'s bit for a name split by an empty substitution ({@code wh``oami},
     * {@code ping$()}): nobody writes a command so but to hide it, so it counts wherever it stands.
     */
    private static final int SPLIT = 0x100;

    /** How many bytes at {@code j} the shell removes from a word: quotes, a backslash, an empty substitution. */
    private static int removedByShell(byte[] b, int j, int end) {
        int c = b[j];
        if (c != '\'' && c != '"' && c != '\\' && c != '`' && c != '$') {
            return 0;
        }
        if (c != '`' && c != '$') {
            return 1;
        }
        int n = Ascii.at(b, j + 1, end);
        if (c == '`' && n == '`' || c == '$' && (n == '@' || n == '*')) {
            return 2;
        }
        return c == '$' && n == '(' && Ascii.at(b, j + 2, end) == ')' ? 3 : 0;
    }

    /**
     * The {@link #COMMANDS} codes of every command a globbed name ({@code word[nameStart, len)})
     * matches, or 0. A word whose only wildcards are question marks at its end ("why?", "ls?")
     * is prose, and a name without a path needs two literal bytes ({@code c?t}, not {@code ??t}).
     */
    private static int globbedCommand(byte[] word, int nameStart, int len) {
        int last = len;
        while (last > 0 && word[last - 1] == '?') {
            last--;
        }
        if (!ShellGlob.has(word, 0, last) || ShellGlob.literals(word, nameStart, len) < (nameStart == 0 ? 2 : 1)) {
            return 0;
        }
        int code = 0;
        for (int k = 0; k < COMMAND_NAMES.length; k++) {
            if (ShellGlob.matches(word, nameStart, len, COMMAND_NAMES[k])) {
                code |= COMMAND_CODES[k];
            }
        }
        return code & (STRONG | NEEDS_ARGUMENT);
    }

    /**
     * Whether the command after a wrapper that ends at {@code j} is one, judged as if it stood at
     * the wrapper's position ({@code pos}): at the start of a value "time python" and "nice bash
     * party" pass, "time sh -c id" does not. The wrapper's own flags, numbers, paths and
     * assignments ({@code nice -n 10}, {@code env A=b}, {@code flock -u /}) are skipped first.
     */
    private static boolean wrapped(byte[] b, int j, int end, Position pos, byte[] word) {
        int k = skipBlanks(b, j, end);
        for (int args = 0; args < MAX_WRAPPER_ARGS && k < end; args++) {
            int c = b[k] & 0xFF;
            int tokenEnd = k;
            boolean assignment = false;
            while (tokenEnd < end && !Ascii.isSpace(b[tokenEnd] & 0xFF) && b[tokenEnd] != '+') {
                assignment |= b[tokenEnd] == '=';
                tokenEnd++;
            }
            if (c != '-' && c != '/' && !Ascii.isDigit(c) && !assignment) {
                break;
            }
            k = skipBlanks(b, tokenEnd, end);
        }
        return k > j && k < end && command(b, k, end, pos, word, false);
    }

    /**
     * {@code <(cmd …)} or {@code >(cmd …)} (bash's process substitution): a command word followed
     * by a blank or the closing parenthesis, which must come ({@code x<(free+1)} is arithmetic).
     */
    private static boolean processSubstitution(byte[] b, int i, int end, byte[] word) {
        int k = skipBlanks(b, i, end);
        int w = k;
        while (w < end && (Ascii.isWord(b[w] & 0xFF) || b[w] == '.' || b[w] == '-')) {
            w++;
        }
        int after = Ascii.at(b, w, end);
        // A '+' is a query string's blank unless a number follows it.
        boolean blank = Ascii.isSpace(after) || after == '+' && !Ascii.isDigit(Ascii.at(b, w + 1, end));
        return w > k && (after == ')' || blank) && isCommand(b, k, w - k)
            && Ascii.indexOf(b, w, Math.min(end, w + MAX_SUBSTITUTION), CLOSE_PAREN) >= 0;
    }

    private static final int MAX_SUBSTITUTION = 256;
    private static final byte[] CLOSE_PAREN = Ascii.bytes(")");

    /** {@code -x} or {@code --word}: a flag. */
    private static boolean flag(byte[] b, int k, int end) {
        int n = Ascii.at(b, k + 1, end);
        return Ascii.at(b, k, end) == '-' && (Ascii.isAlpha(n) || n == '-' && Ascii.isAlpha(Ascii.at(b, k + 2, end)));
    }

    private static final byte[] EXE = Ascii.bytes(".exe");

    private static boolean boundary(int c) {
        return c < 0 || Ascii.isSpace(c) || c == '+' || c == ';' || c == '|' || c == '&' || c == '<' || c == '>'
            || c == '`' || c == ')' || c == '$' || c == ',' || c == '}' || c == '#';
    }

    /** Whether what follows a weak command word reads as shell rather than prose. */
    private static boolean shellArgument(byte[] b, int j, int end, boolean afterSeparator) {
        int k = skipBlanks(b, j, end);
        int c = Ascii.at(b, k, end);
        if (c < 0) {
            return afterSeparator;
        }
        if (flagPathOrUrl(b, k, end)) {
            return true;
        }
        return afterSeparator && (c == '$' || c == '%' || c == '\'' || c == '"' || c == '`' || c == '<'
            || c == '>' || c == '|' || c == ';' || c == '&' || c == '*' || Ascii.isDigit(c));
    }

    private static boolean flagPathOrUrl(byte[] b, int k, int end) {
        int c = Ascii.at(b, k, end);
        int n = Ascii.at(b, k + 1, end);
        return (c == '-' && Ascii.isAlpha(n)) || c == '/' || c == '\\' || c == '~'
            || (c == '.' && (n == '/' || n == '.')) || Ascii.startsWith(b, k, end, HTTP)
            || Ascii.startsWith(b, k, end, FTP) || (c == '$' && n == '(');
    }
}
