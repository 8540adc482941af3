package dev.sluice.matchers;

/**
 * A pattern of the form {@code [^C][C]{n}[^CX]}: a run of exactly {@code n} bytes of class C
 * between two bytes outside it, the second also outside X ({@code aws_secret_access_key}: 40
 * base64 characters not followed by '='). Such a pattern has no literal for Hyperscan to look
 * for, so Hyperscan ran it over every byte at the cost of a sixth of the catalog's scan time;
 * a scan session finds it instead with one table look-up per byte ({@link Scanner}), with the
 * same matches at the same stream positions. Immutable.
 */
final class ClassRun {
    private final boolean[] member;
    private final boolean[] notAfter;
    private final int length;

    private ClassRun(boolean[] member, boolean[] notAfter, int length) {
        this.member = member;
        this.notAfter = notAfter;
        this.length = length;
    }

    /** The run {@code regex} (case-sensitive) stands for, or null when it has another form. */
    static ClassRun fromRegex(String regex) {
        try {
            if (!regex.startsWith("[^")) {
                return null;
            }
            int a = regex.indexOf(']', 2);
            String before = regex.substring(2, a);
            String rest = regex.substring(a + 1);
            String inner = "[" + before + "]{";
            if (!rest.startsWith(inner)) {
                return null;
            }
            int b = rest.indexOf('}', inner.length());
            int n = Integer.parseInt(rest.substring(inner.length(), b));
            String after = rest.substring(b + 1);
            if (n < 1 || n > 4096 || !after.startsWith("[^" + before) || !after.endsWith("]")) {
                return null;
            }
            String extra = after.substring(2 + before.length(), after.length() - 1);
            boolean[] member = ByteClass.parse(before);
            boolean[] notAfter = extra.isEmpty() ? new boolean[256] : ByteClass.parse(extra);
            return new ClassRun(member, notAfter, n);
        } catch (RuntimeException e) {
            // Anything this reading does not understand stays with Hyperscan.
            return null;
        }
    }

    /**
     * Finds the runs in the bytes of one stream, written in order in any pieces. The state
     * between pieces is the length of the current run, so matches do not depend on where the
     * stream was cut. The stream must start with a byte outside the class (a session's first
     * byte is a NUL separator): the pattern needs a byte before the run.
     */
    static final class Scanner {
        private final ClassRun run;
        private long current;

        Scanner(ClassRun run) {
            this.run = run;
        }

        /**
         * Scans {@code len} bytes of {@code buf} from {@code off}, which sit at stream position
         * {@code pos}; calls {@code found} with the match as Hyperscan reports it: from the
         * byte before the run to the byte after it, both included.
         *
         * <p>Most runs in text are words far shorter than the pattern's, so the scan skips: from
         * a byte outside the class it looks at the byte where a run of exactly the pattern's
         * length would end, and reads back from there only until the first byte outside the
         * class, which is where the next run can begin. Bytes read back are remembered as members
         * and never read again, so no byte is read twice, and in prose about one byte in five
         * is read at all.
         */
        void scan(byte[] buf, int off, int len, long pos, MatchSink found) {
            boolean[] member = run.member;
            int end = off + len;
            int i = off;
            if (current > 0) {
                // A run carried over from the previous piece goes on to its first byte outside the class.
                while (i < end && member[buf[i] & 0xFF]) {
                    i++;
                }
                if (i == end) {
                    current += len;
                    return;
                }
                stop(current + (i - off), buf[i] & 0xFF, pos + (i - off) + 1, found);
                i++;
            }
            // buf[p] is outside the class (p == i - 1 may be the previous piece's last byte);
            // (p, known] are members.
            int p = i - 1;
            int known = p;
            int length = run.length;
            while (p + length + 1 < end) {
                int q = p + length + 1;
                int k = q - 1;
                while (k > known && member[buf[k] & 0xFF]) {
                    k--;
                }
                if (k > known) {
                    // A byte outside the class before q: the next run starts after it.
                    p = k;
                    known = q - 1;
                    continue;
                }
                int b = buf[q] & 0xFF;
                if (!member[b]) {
                    stop(length, b, pos + (q - off) + 1, found);
                    p = q;
                    known = q;
                    continue;
                }
                // Longer than the pattern's run: no match until after its end.
                int r = q + 1;
                while (r < end && member[buf[r] & 0xFF]) {
                    r++;
                }
                if (r == end) {
                    current = r - p - 1;
                    return;
                }
                p = r;
                known = r;
            }
            long n = known - p;
            for (i = known + 1; i < end; i++) {
                int b = buf[i] & 0xFF;
                if (member[b]) {
                    n++;
                } else {
                    stop(n, b, pos + (i - off) + 1, found);
                    n = 0;
                }
            }
            current = n;
        }

        /** A run of {@code n} members ended by byte {@code b}, the stream position after it being {@code end}. */
        private void stop(long n, int b, long end, MatchSink found) {
            if (n == run.length && !run.notAfter[b]) {
                found.run(end - run.length - 2, end);
            }
        }
    }

    /** Receives the runs a {@link Scanner} finds. */
    interface MatchSink {
        void run(long from, long to);
    }
}
