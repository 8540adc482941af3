package dev.sluice.matchers;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pattern made of digit runs joined by single separator bytes, between word boundaries:
 * {@code \b[0-9]{3}-[0-9]{2}-[0-9]{4}\b} (SSN), {@code \b[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\b}
 * (IPv4), {@code \b0[1-9](?:[ .][0-9]{2}){4}\b} (a fixed sequence of runs), or
 * {@code \b[2-6][0-9](?:[0-9]|[ \-][0-9]){11,17}\b} (a digit count, with a separator allowed
 * between any two digits after the leading ones: cards). Such patterns have no literal for
 * Hyperscan to look for: together they made two thirds of the main database's scan time on a
 * page of customer records. A session finds them in Java ({@link DigitRuns}) with the matches
 * Hyperscan reports with start-of-match tracking: for each end, the leftmost start.
 *
 * <p>Why the runs can be read whole: a separator is never a word byte, and both ends are word
 * boundaries, so every run of a match is a maximal run of digits in the text, and consecutive
 * runs are one separator byte apart. Immutable.
 */
final class DigitShape {
    /** Runs of a fixed sequence a shape may have; the session keeps this many of the latest runs. */
    static final int MAX_RUNS = 16;
    /** Leading digits of a run that a shape may constrain ({@code 0[1-9]}, {@code [2-6][0-9]}). */
    static final int HEAD = 8;
    private static final int ANY_DIGIT = 0x3FF;
    private static final Pattern COUNTED = Pattern.compile(
            "(.*)\\(\\?:\\[0-9\\]\\|(\\[[^\\]]+\\]|\\\\.|[^\\\\\\[(])\\[0-9\\]\\)\\{(\\d+),(\\d+)\\}");
    private static final Pattern GROUP = Pattern.compile("\\(\\?:([^()|]+)\\)\\{(\\d+)\\}");

    /** Per run of a fixed sequence (for a counted shape: its first run only): length bounds and per-position digit masks. */
    private final int[] minLength;
    private final int[] maxLength;
    private final int[][] head;
    /** separators[t]: the bytes allowed between run t and run t + 1 (a counted shape: between any two runs). */
    private final boolean[][] separators;
    /** For a counted shape, the bounds of its digit count; -1 for a fixed sequence. */
    private final int minDigits;
    private final int maxDigits;

    private DigitShape(int[] minLength, int[] maxLength, int[][] head, boolean[][] separators, int minDigits,
                       int maxDigits) {
        this.minLength = minLength;
        this.maxLength = maxLength;
        this.head = head;
        this.separators = separators;
        this.minDigits = minDigits;
        this.maxDigits = maxDigits;
    }

    /** The shape {@code regex} (case-sensitive) stands for, or null when it has another form. */
    static DigitShape fromRegex(String regex) {
        try {
            if (!regex.startsWith("\\b") || !regex.endsWith("\\b") || regex.endsWith("\\\\b") || regex.length() < 5) {
                return null;
            }
            String body = regex.substring(2, regex.length() - 2);
            Matcher counted = COUNTED.matcher(body);
            if (counted.matches()) {
                return counted(counted);
            }
            List<Atom> atoms = atoms(expandGroups(body));
            return atoms == null ? null : fixed(atoms);
        } catch (RuntimeException e) {
            // Anything this reading does not understand stays with Hyperscan.
            return null;
        }
    }

    private static DigitShape counted(Matcher m) {
        List<Atom> prefix = atoms(m.group(1));
        List<Atom> separator = atoms(m.group(2));
        if (prefix == null || separator == null || separator.size() != 1 || !separator.get(0).isSeparator()) {
            return null;
        }
        DigitShape first = fixed(prefix);
        int least = Integer.parseInt(m.group(3));
        int most = Integer.parseInt(m.group(4));
        if (first == null || first.minLength.length != 1 || first.minLength[0] != first.maxLength[0] || least > most) {
            return null;
        }
        int p = first.minLength[0];
        return new DigitShape(new int[] {p}, new int[] {Integer.MAX_VALUE}, first.head,
                new boolean[][] {separator.get(0).set}, p + least, p + most);
    }

    private static DigitShape fixed(List<Atom> atoms) {
        List<int[]> bounds = new ArrayList<>();
        List<int[]> heads = new ArrayList<>();
        List<boolean[]> seps = new ArrayList<>();
        int i = 0;
        while (true) {
            int[] h = new int[HEAD];
            java.util.Arrays.fill(h, ANY_DIGIT);
            int fixedPart = 0;
            int extra = 0;
            boolean open = false;
            int start = i;
            while (i < atoms.size() && atoms.get(i).isDigits()) {
                Atom a = atoms.get(i++);
                if (open) {
                    return null; // only the last atom of a run may vary in length
                }
                if (a.min != a.max) {
                    if (a.mask != ANY_DIGIT) {
                        return null;
                    }
                    open = true;
                    extra = a.max - a.min;
                }
                for (int k = 0; k < a.min; k++, fixedPart++) {
                    if (a.mask != ANY_DIGIT) {
                        if (fixedPart >= HEAD) {
                            return null;
                        }
                        h[fixedPart] = a.mask;
                    }
                }
            }
            if (i == start || fixedPart + extra == 0) {
                return null;
            }
            bounds.add(new int[] {fixedPart, fixedPart + extra});
            heads.add(h);
            if (i == atoms.size()) {
                break;
            }
            Atom sep = atoms.get(i++);
            if (!sep.isSeparator() || i == atoms.size()) {
                return null;
            }
            seps.add(sep.set);
        }
        int n = bounds.size();
        if (n > MAX_RUNS) {
            return null;
        }
        int[] min = new int[n];
        int[] max = new int[n];
        for (int t = 0; t < n; t++) {
            min[t] = bounds.get(t)[0];
            max[t] = bounds.get(t)[1];
        }
        return new DigitShape(min, max, heads.toArray(new int[0][]), seps.toArray(new boolean[0][]), -1, -1);
    }

    /** {@code (?:X){n}} written out n times, where X holds no group or alternation. */
    private static String expandGroups(String body) {
        Matcher m = GROUP.matcher(body);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int n = Integer.parseInt(m.group(2));
            if (n > MAX_RUNS) {
                throw new IllegalArgumentException("too many repeats");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1).repeat(n)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The atoms of {@code s} (classes, escaped or plain bytes, each with a counted repeat), or null. */
    private static List<Atom> atoms(String s) {
        List<Atom> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            boolean[] set;
            if (c == '[') {
                int close = s.indexOf(']', i + 2);
                if (close < 0) {
                    return null;
                }
                set = ByteClass.parse(s.substring(i + 1, close));
                i = close + 1;
            } else if (c == '\\') {
                if (i + 1 >= s.length() || Character.isLetterOrDigit(s.charAt(i + 1))) {
                    return null; // \d, \s, \x.. and the like
                }
                set = single(s.charAt(i + 1));
                i += 2;
            } else if (".^$|()?*+{}]".indexOf(c) >= 0 || c > 0x7F) {
                return null;
            } else {
                set = single(c);
                i++;
            }
            int min = 1;
            int max = 1;
            if (i < s.length() && s.charAt(i) == '{') {
                int close = s.indexOf('}', i);
                String[] range = s.substring(i + 1, close).split(",", -1);
                min = Integer.parseInt(range[0]);
                max = range.length == 1 ? min : Integer.parseInt(range[1]);
                i = close + 1;
            }
            if (i < s.length() && "?*+{".indexOf(s.charAt(i)) >= 0 || min < 0 || max < min || max > 64) {
                return null;
            }
            out.add(new Atom(set, min, max, Atom.digitMask(set)));
        }
        return out;
    }

    private static boolean[] single(char c) {
        boolean[] set = new boolean[256];
        set[c] = true;
        return set;
    }

    /** One class or byte with its repeat; a digit atom holds only digits (mask: which), a separator no word byte. */
    private record Atom(boolean[] set, int min, int max, int mask) {
        boolean isDigits() {
            return mask != 0 && onlyDigits();
        }

        boolean isSeparator() {
            if (min != 1 || max != 1) {
                return false;
            }
            boolean any = false;
            for (int b = 0; b < 256; b++) {
                if (set[b] && DigitRuns.isWord(b)) {
                    return false;
                }
                any |= set[b];
            }
            return any;
        }

        private boolean onlyDigits() {
            for (int b = 0; b < 256; b++) {
                if (set[b] && (b < '0' || b > '9')) {
                    return false;
                }
            }
            return true;
        }

        /** The digits of {@code set} as a 10-bit mask. */
        static int digitMask(boolean[] set) {
            int m = 0;
            for (int d = 0; d < 10; d++) {
                m |= set['0' + d] ? 1 << d : 0;
            }
            return m;
        }
    }

    /**
     * Whether a match ends with run {@code j} of {@code runs}, and where: its start, or -1.
     * DigitRuns keeps only runs with no word byte on either side, so every word boundary a shape
     * asks for holds already; what is left to check is lengths, leading digits and separators.
     */
    long startOfMatchEndingAt(DigitRuns runs, long j) {
        return minDigits < 0 ? fixedStart(runs, j) : countedStart(runs, j);
    }

    private long fixedStart(DigitRuns runs, long j) {
        int k = minLength.length;
        long first = j - (k - 1);
        if (first < runs.oldest()) {
            return -1;
        }
        for (int t = k - 1; t >= 0; t--) {
            long r = first + t;
            int len = runs.length(r);
            if (len < minLength[t] || len > maxLength[t] || !headFits(head[t], runs.head(r), len)) {
                return -1;
            }
            int before = runs.before(r);
            if (t > 0 && (!separators[t - 1][before] || !runs.adjacent(r))) {
                return -1;
            }
        }
        return runs.start(first);
    }

    private long countedStart(DigitRuns runs, long j) {
        int digits = 0;
        long best = -1;
        boolean[] sep = separators[0];
        for (long r = j; r >= runs.oldest(); r--) {
            int len = runs.length(r);
            digits += len;
            if (digits > maxDigits) {
                break;
            }
            int before = runs.before(r);
            if (digits >= minDigits && len >= minLength[0] && headFits(head[0], runs.head(r), len)) {
                best = r;
            }
            if (!sep[before] || !runs.adjacent(r)) {
                break;
            }
        }
        return best < 0 ? -1 : runs.start(best);
    }

    /** Whether the leading digits (4 bits each, first in the low bits) fit the masks. */
    private static boolean headFits(int[] masks, int digits, int len) {
        for (int p = 0; p < HEAD && p < len; p++) {
            if ((masks[p] & 1 << (digits >>> 4 * p & 0xF)) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether a match can end with a run of {@code n} digits (n up to {@link DigitShapeSet#LONG_RUN}, which stands for more). */
    boolean lastRunMayBe(int n) {
        if (minDigits >= 0) {
            return n <= maxDigits;
        }
        int last = minLength.length - 1;
        return n >= minLength[last] && (n <= maxLength[last] || maxLength[last] >= DigitShapeSet.LONG_RUN);
    }

    /** The fewest digits a match holds. */
    int leastDigits() {
        return minDigits >= 0 ? minDigits : java.util.Arrays.stream(minLength).sum();
    }

    /** Whether a match can be one run standing alone (then after any byte DigitRuns keeps a run after). */
    boolean mayStandAlone() {
        return minDigits >= 0 || minLength.length == 1;
    }

    /** Whether a match can end with a run that {@code b} joins to the run before it. */
    boolean mayJoinWith(int b) {
        return separators.length > 0 && separators[separators.length - 1][b];
    }
}
