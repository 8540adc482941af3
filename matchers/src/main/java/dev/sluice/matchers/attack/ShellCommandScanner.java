package dev.sluice.matchers.attack;

import dev.sluice.matchers.validate.KindChanges;

/**
 * The shell half of {@link CommandInjectionValidator} (CWE-78, OS command injection; OWASP
 * WSTG-INPV-12): finds a command word in command position.
 *
 * <p>Command position is after a separator ({@code ; | || & && newline}), inside command
 * substitution ({@code `cmd`}, {@code $(cmd)}), or at the very start of the value. The word
 * may be obfuscated with quotes or backslashes ({@code c'a't}, {@code c\at}), prefixed with a
 * path ({@code /bin/bash}) and separated from its arguments by {@code ${IFS}} or {@code +}.
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
 * <p>Also: a {@code /bin/} or {@code /usr/bin/} path in command position, cmd.exe's {@code FOR}
 * loops and {@code IF} conditions there and after {@code (} ({@link BatchControl}), and the
 * Shellshock function prefix {@code () { :; };} (CVE-2014-6271).
 */
final class ShellCommandScanner {
    private static final int STRONG = 1;
    private static final int NEEDS_ARGUMENT = 2;
    private static final int MAX_WORD = 24;

    /** Command names: {@link #STRONG} or {@link #NEEDS_ARGUMENT}. */
    static final WordTable COMMANDS;

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
        String[] words = new String[strong.length + weak.length];
        int[] codes = new int[words.length];
        for (int i = 0; i < strong.length; i++) {
            words[i] = strong[i];
            codes[i] = STRONG;
        }
        for (int i = 0; i < weak.length; i++) {
            words[strong.length + i] = weak[i];
            codes[strong.length + i] = weak[i].endsWith(".exe") ? STRONG : NEEDS_ARGUMENT;
        }
        COMMANDS = WordTable.of(words, codes);
    }

    /** How the command position was reached. */
    private enum Position {
        /** Start of the value: no separator. */
        START,
        /** After {@code ;}, {@code |}, {@code &} or a newline. */
        SEPARATOR,
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
                    if (!notASeparator && (command(b, i + 1, end, Position.SEPARATOR, word)
                            || BatchControl.startsAt(b, i + 1, end))) {
                        return true;
                    }
                }
                case '`' -> {
                    if (markdownFence(b, off, i, end)) {
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
     * Whether the backtick at {@code i} is part of a run of three or more: a Markdown code
     * fence ({@code ```bash}), which comment and issue bodies carry; a shell substitution
     * opens with one.
     */
    private static boolean markdownFence(byte[] b, int off, int i, int end) {
        int start = i;
        while (start > off && b[start - 1] == '`') {
            start--;
        }
        return skipBackticks(b, start, end) - start >= 3;
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
        i = skipBlanks(b, i, end);
        int len = 0;
        int lastSlash = -1;
        boolean binPath = Ascii.startsWith(b, i, end, BIN) || (Ascii.at(b, i, end) == '/'
            && Ascii.indexOf(b, i, Math.min(end, i + 10), BIN) > i);
        int j = i;
        while (j < end && len < MAX_WORD) {
            int c = b[j] & 0xFF;
            if (c == '\'' || c == '"' || c == '\\') {
                j++;
                continue;
            }
            if (c == '/') {
                lastSlash = len;
                word[len++] = '/';
                j++;
                continue;
            }
            if (!Ascii.isWord(c) && c != '.' && c != '-' || c >= 0x80 || c == '$') {
                break;
            }
            word[len++] = (byte) Ascii.lower(c);
            j++;
        }
        int nameStart = lastSlash + 1;
        int nameLen = len - nameStart;
        if (nameLen <= 0 || !boundary(Ascii.at(b, j, end))) {
            return false;
        }
        if (lastSlash >= 0 && pos != Position.START && binPath) {
            return true;
        }
        int kind = COMMANDS.lookup(word, nameStart, nameLen);
        if (kind == 0 && nameLen > 4 && Ascii.startsWith(word, nameStart + nameLen - 4, nameStart + nameLen, EXE)) {
            kind = COMMANDS.lookup(word, nameStart, nameLen - 4);
        }
        if (kind == 0 || (lastSlash >= 0 && nameStart > 0 && word[0] != '/')) {
            return false;
        }
        return switch (pos) {
            case SUBSTITUTION -> true;
            case SEPARATOR -> kind == STRONG || shellArgument(b, j, end, true);
            case START -> shellArgument(b, j, end, false) && flagPathOrUrl(b, skipBlanks(b, j, end), end);
        };
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
