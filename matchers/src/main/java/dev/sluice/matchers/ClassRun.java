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
         */
        void scan(byte[] buf, int off, int len, long pos, MatchSink found) {
            boolean[] member = run.member;
            long n = current;
            for (int i = 0; i < len; i++) {
                int b = buf[off + i] & 0xFF;
                if (member[b]) {
                    n++;
                } else {
                    if (n == run.length && !run.notAfter[b]) {
                        long end = pos + i + 1;
                        found.run(end - run.length - 2, end);
                    }
                    n = 0;
                }
            }
            current = n;
        }
    }

    /** Receives the runs a {@link Scanner} finds. */
    interface MatchSink {
        void run(long from, long to);
    }
}
