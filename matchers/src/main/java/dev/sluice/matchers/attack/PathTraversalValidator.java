package dev.sluice.matchers.attack;

import dev.sluice.matchers.validate.ByteValidator;
import dev.sluice.matchers.validate.CandidateView;

/**
 * Validator {@code lfi}: confirms path traversal and local file inclusion (CWE-22, CWE-98;
 * OWASP WSTG-ATHZ-01):
 *
 * <ul>
 *   <li>two or more parent-directory steps ({@code ../../}, {@code ..\..\},
 *       {@code ....//}, {@code ..;/}), or one step towards a sensitive file;</li>
 *   <li>a sensitive file named as a path, with {@code /}, {@code \}, {@code /./} and
 *       {@code //} treated alike: {@code /etc/passwd}, {@code /etc/shadow},
 *       {@code /proc/self/environ}, {@code boot.ini}, {@code win.ini},
 *       {@code WEB-INF/web.xml}, {@code ntuser.dat}, {@code .htpasswd}, SSH keys;</li>
 *   <li>an administrative share ({@code \\host\c$\});</li>
 *   <li>stream wrappers: {@code php://}, {@code file:}, {@code zip://}, {@code phar://},
 *       {@code expect://}, {@code glob://}, {@code data://}, {@code netdoc:},
 *       {@code jar:file:};</li>
 *   <li>a NUL that cuts a file name after its extension ({@code shell.php%00.jpg},
 *       {@code page.php\0}; CWE-158), as an upload's name or an included page's;</li>
 *   <li>in the request's path only, a file that holds credentials or a repository's history
 *       ({@link SensitiveFilePath}: {@code /.env}, {@code /.git/config}).</li>
 * </ul>
 *
 * <p>Double percent encoding and overlong UTF-8 dots and slashes ({@code %c0%ae%c0%af}) are
 * undone by {@link AttackNormalizer} before a second look.
 */
public final class PathTraversalValidator implements ByteValidator {
    static final PathTraversalValidator INSTANCE = new PathTraversalValidator();

    /** The key of a request's path ({@code HeadFields.PATH} in the inspector). */
    static final String REQUEST_PATH = "path";

    private static final byte[][] SENSITIVE = {
        Ascii.bytes("etc/passwd"), Ascii.bytes("etc/shadow"), Ascii.bytes("etc/group"), Ascii.bytes("etc/hosts"),
        Ascii.bytes("etc/master.passwd"), Ascii.bytes("etc/issue"), Ascii.bytes("proc/self/"),
        Ascii.bytes("proc/version"), Ascii.bytes("boot.ini"), Ascii.bytes("win.ini"), Ascii.bytes("system.ini"),
        Ascii.bytes("windows/system32"), Ascii.bytes("winnt/system32"), Ascii.bytes("web-inf/web.xml"),
        Ascii.bytes("ntuser.dat"), Ascii.bytes(".htpasswd"), Ascii.bytes(".htaccess"), Ascii.bytes(".ssh/id_rsa"),
        Ascii.bytes(".bash_history"), Ascii.bytes("var/log/"), Ascii.bytes("etc/"),
    };
    /** Entries of {@link #SENSITIVE} from this index on count only after a traversal step. */
    private static final int WEAK_FROM = SENSITIVE.length - 2;

    private static final byte[][] WRAPPERS = {
        Ascii.bytes("php://"), Ascii.bytes("file:/"), Ascii.bytes("zip://"), Ascii.bytes("phar://"),
        Ascii.bytes("expect://"), Ascii.bytes("glob://"), Ascii.bytes("data://"), Ascii.bytes("netdoc:"),
        Ascii.bytes("jar:file:"), Ascii.bytes("compress.zlib://"), Ascii.bytes("compress.bzip2://"),
    };

    private static final byte[] PERCENT_NUL = Ascii.bytes("%00");
    private static final int MAX_EXTENSION = 5;

    private PathTraversalValidator() {
    }

    @Override
    public boolean test(CandidateView candidate) {
        boolean path = REQUEST_PATH.equals(candidate.key());
        // A browser sends an upload's bare name, never a folder: one step up is already an attack.
        int steps = UploadFileName.key(candidate.key()) ? 1 : 2;
        return AttackNormalizer.rawOrNormalized(candidate,
            (b, off, end, s) -> detect(b, off, end, steps) || path && SensitiveFilePath.names(b, off, end));
    }

    /** {@code minSteps}: how many {@code ../} make a traversal without a sensitive file after them. */
    static boolean detect(byte[] b, int off, int end, int minSteps) {
        int steps = 0;
        for (int i = off; i < end; i++) {
            int c = b[i] & 0xFF;
            if ((c == 0 || c == '%') && truncatesExtension(b, off, i, end)) {
                return true;
            }
            if (c == '.' && Ascii.at(b, i + 1, end) == '.') {
                int k = i + 2;
                if (Ascii.at(b, k, end) == ';') {
                    k++;
                }
                if (isSlash(Ascii.at(b, k, end))) {
                    steps++;
                    i = k;
                    continue;
                }
            }
            if (isSlash(c) && isSlash(Ascii.at(b, i + 1, end)) && adminShare(b, i + 2, end)) {
                return true;
            }
            if (atPathStart(b, off, i)) {
                int limit = SENSITIVE.length;
                for (int k = 0; k < limit; k++) {
                    if (pathMatch(b, i, end, SENSITIVE[k]) && (k < WEAK_FROM || steps > 0)) {
                        return true;
                    }
                }
                for (byte[] wrapper : WRAPPERS) {
                    if (Ascii.startsWith(b, i, end, wrapper)) {
                        return true;
                    }
                }
            }
        }
        return steps >= minSteps;
    }

    /**
     * A NUL ({@code 0x00} or {@code %00}) at {@code i} right after a file extension, ending the
     * value or followed by another extension: {@code shell.php%00.jpg}, {@code page.php\0}.
     * C-based file APIs stop at the NUL, so the file opened or written is not the one the
     * extension check saw (CWE-158). Seen only as received: the normaliser drops NULs.
     */
    private static boolean truncatesExtension(byte[] b, int off, int i, int end) {
        int after = b[i] == 0 ? i + 1 : Ascii.startsWith(b, i, end, PERCENT_NUL) ? i + 3 : -1;
        if (after < 0 || extensionBefore(b, off, i) < 0) {
            return false;
        }
        return after == end || Ascii.at(b, after, end) == '.' && extensionLength(b, after + 1, end) > 0;
    }

    /** The start of a {@code .ext} (1 to 5 letters or digits) ending at {@code i}, after a name; else -1. */
    private static int extensionBefore(byte[] b, int off, int i) {
        int k = i;
        while (k > off && i - k < MAX_EXTENSION && (Ascii.isAlpha(b[k - 1] & 0xFF) || Ascii.isDigit(b[k - 1] & 0xFF))) {
            k--;
        }
        boolean dot = k > off + 1 && k < i && b[k - 1] == '.';
        return dot && !isSlash(b[k - 2] & 0xFF) && b[k - 2] != '.' ? k - 1 : -1;
    }

    /** How many letters or digits (at most 5, and then the value's end or a non-word byte) start at {@code i}; 0 if not an extension. */
    private static int extensionLength(byte[] b, int i, int end) {
        int k = i;
        while (k < end && k - i <= MAX_EXTENSION && (Ascii.isAlpha(b[k] & 0xFF) || Ascii.isDigit(b[k] & 0xFF))) {
            k++;
        }
        int n = k - i;
        return n >= 1 && n <= MAX_EXTENSION ? n : 0;
    }

    private static boolean isSlash(int c) {
        return c == '/' || c == '\\';
    }

    /** A path or URL component can start here: value start, after a separator or a quote. */
    private static boolean atPathStart(byte[] b, int off, int i) {
        if (i == off) {
            return true;
        }
        int p = b[i - 1] & 0xFF;
        return isSlash(p) || p == '=' || p == '"' || p == '\'' || p == ':' || p == '(' || Ascii.isSpace(p)
            || p == '.' || p == '>' || p == ',';
    }

    /** {@code host\c$\} or {@code host\admin$}: a Windows administrative share. */
    private static boolean adminShare(byte[] b, int i, int end) {
        int limit = Math.min(end, i + 64);
        for (int k = i; k < limit; k++) {
            int c = b[k] & 0xFF;
            if (isSlash(c)) {
                int d = Ascii.at(b, k + 1, end);
                return Ascii.isAlpha(d) && Ascii.at(b, k + 2, end) == '$';
            }
            if (Ascii.isSpace(c)) {
                return false;
            }
        }
        return false;
    }

    /**
     * Matches a lower-case path literal at {@code i}, where each {@code /} in it matches any
     * run of {@code /} and {@code \} in the value, with {@code ./} segments in between.
     */
    private static boolean pathMatch(byte[] b, int i, int end, byte[] lit) {
        int k = 0;
        while (k < lit.length) {
            if (lit[k] == '/') {
                if (!isSlash(Ascii.at(b, i, end))) {
                    return false;
                }
                for (int guard = 0; guard < 64; guard++) {
                    if (isSlash(Ascii.at(b, i, end))) {
                        i++;
                    } else if (Ascii.at(b, i, end) == '.' && isSlash(Ascii.at(b, i + 1, end))) {
                        i += 2;
                    } else {
                        break;
                    }
                }
                k++;
                continue;
            }
            if (i >= end || Ascii.lower(b[i]) != lit[k]) {
                return false;
            }
            i++;
            k++;
        }
        return true;
    }
}
