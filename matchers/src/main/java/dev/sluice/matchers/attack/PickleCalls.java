package dev.sluice.matchers.attack;

/**
 * Recognises a Python pickle that imports a callable from a module that runs commands, code
 * or I/O ({@code os.system}, {@code subprocess.Popen}, {@code builtins.eval}, ...): unpickling
 * calls it, which is how every pickle exploit works ({@code __reduce__}). A pickle that only
 * carries data names no such module.
 *
 * <p>Read from the first opcode: the binary protocols 2 to 5 open with {@code PROTO}
 * ({@code 0x80} and the version), after which a {@code GLOBAL} or {@code INST} line pair
 * ({@code c}module{@code \n}name{@code \n}) or a {@code SHORT_BINUNICODE} module name followed
 * by {@code STACK_GLOBAL} ({@code 0x93}) imports the callable. Protocol 0 is text: it must open
 * with the import itself, or a {@code MARK} and an {@code INST}, and a {@code GLOBAL} must be
 * called ({@code REDUCE} after a tuple), so a list of words such as {@code cos\ntan\n} is no
 * pickle.
 */
final class PickleCalls {
    /** Most bytes of a pickle that are read (decoded, for a base64 one). */
    static final int MAX_DECODED = 1024;

    private static final byte PROTO = (byte) 0x80;
    private static final byte SHORT_BINUNICODE = (byte) 0x8C;
    private static final byte STACK_GLOBAL = (byte) 0x93;
    private static final int MAX_MODULE = 16;
    private static final int MAX_NAME = 64;

    private static final byte[][] MODULES = Ascii.exact("os", "posix", "nt", "subprocess", "builtins",
            "__builtin__", "commands", "pty", "socket", "shutil", "sys", "importlib", "runpy", "code", "webbrowser",
            "timeit", "pickle", "marshal", "ctypes", "platform", "popen2");

    private PickleCalls() {
    }

    /**
     * Whether {@code p[off, end)}, read as a pickle from its first byte, imports a dangerous
     * callable; only its first {@link #MAX_DECODED} bytes are read, where an exploit's import is.
     */
    static boolean importsDangerous(byte[] p, int off, int end) {
        end = Math.min(end, off + MAX_DECODED);
        if (end - off < 4) {
            return false;
        }
        if (p[off] == PROTO && p[off + 1] >= 2 && p[off + 1] <= 5) {
            return binaryImports(p, off + 2, end);
        }
        if (p[off] == 'c') {
            return lineImport(p, off + 1, end) && reduces(p, off, end);
        }
        return p[off] == '(' && instImport(p, off + 1, end);
    }

    private static boolean binaryImports(byte[] p, int from, int end) {
        for (int k = from; k < end; k++) {
            byte op = p[k];
            if ((op == 'c' || op == 'i') && lineImport(p, k + 1, end)) {
                return true;
            }
            if (op == SHORT_BINUNICODE && k + 1 < end && module(p, k + 2, Math.min(end, k + 2 + (p[k + 1] & 0xFF)))
                    && indexOf(p, k, end, STACK_GLOBAL) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Protocol 0's {@code INST}: {@code i}module{@code \n}name{@code \n} at the start of a line. */
    private static boolean instImport(byte[] p, int from, int end) {
        for (int k = from; k < end; k++) {
            if (p[k] == 'i' && (k == from || p[k - 1] == '\n') && lineImport(p, k + 1, end)) {
                return true;
            }
        }
        return false;
    }

    /** module{@code \n}name{@code \n} at {@code k}, the module a dangerous one. */
    private static boolean lineImport(byte[] p, int k, int end) {
        int nl = indexOf(p, k, Math.min(end, k + MAX_MODULE + 1), (byte) '\n');
        if (nl < 0 || !module(p, k, nl)) {
            return false;
        }
        int name = nl + 1;
        int i = name;
        while (i < end && i - name < MAX_NAME && (Ascii.isWord(p[i] & 0xFF) || p[i] == '.') && p[i] >= 0) {
            i++;
        }
        return i > name && i < end && p[i] == '\n';
    }

    /** {@code REDUCE} right after a tuple is built ({@code TUPLE}, {@code EMPTY_TUPLE}, a {@code PUT} line). */
    private static boolean reduces(byte[] p, int off, int end) {
        for (int k = off + 1; k < end; k++) {
            if (p[k] == 'R' && (p[k - 1] == 't' || p[k - 1] == ')' || p[k - 1] == '\n')) {
                return true;
            }
        }
        return false;
    }

    private static boolean module(byte[] p, int from, int to) {
        for (byte[] m : MODULES) {
            if (m.length == to - from && Ascii.startsWithExact(p, from, to, m)) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] p, int from, int end, byte b) {
        for (int i = from; i < end; i++) {
            if (p[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
