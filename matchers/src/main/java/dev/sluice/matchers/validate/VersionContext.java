package dev.sluice.matchers.validate;

/**
 * Whether a candidate is written where a version number goes, so that a dotted number there is
 * a version and not an address: {@code "contentVersion": "1.0.0.0"} (every Azure Resource
 * Manager template), {@code types-PyYAML==6.0.12.12}, {@code opencv-python (>=4.13.0.92)},
 * {@code <version>2.1.0.4</version>}.
 *
 * <p>Three signs, each cheap and local:
 * <ul>
 *   <li>the value's own name ({@link CandidateView#key()}) holds {@code version} or
 *       {@code firmware}, or is {@code ver}, {@code build}, {@code release} or {@code fw};</li>
 *   <li>in text, the same kind of name written just before the candidate on its line:
 *       {@code name: }, {@code name = }, {@code "name": "} or an XML element {@code <name>};</li>
 *   <li>a version-constraint operator directly before it: {@code ==}, {@code >=}, {@code <=},
 *       {@code ~=}, {@code !=} (pip, gems), {@code ^} and {@code ~} (npm, Cargo).</li>
 * </ul>
 * A lone {@code =} is not one: {@code client=10.0.0.7} is how logs write addresses.
 */
final class VersionContext {
    /** Names that hold a version wherever they appear in a name ({@code os_version}, {@code firmwareRev}). */
    private static final String[] PARTS = {"version", "firmware"};
    private static final byte[][] PART_BYTES = Ascii.words(PARTS);
    /** Names that are a version when they are the whole name. */
    private static final String[] NAMES = {"ver", "build", "release", "fw"};
    private static final byte[][] NAME_BYTES = Ascii.words(NAMES);
    /** How far back a name may end (quotes and blanks between it and the candidate). */
    private static final int MAX_GAP = 4;
    private static final int MAX_NAME = 48;
    private static final NameWords NAME_WORDS = new NameWords(PARTS, NAMES, MAX_NAME);

    private VersionContext() {}

    static boolean at(CandidateView c) {
        return versionName(c.key()) || operatorBefore(c) || nameBefore(c);
    }

    private static boolean versionName(String key) {
        return NAME_WORDS.match(key);
    }

    private static boolean operatorBefore(CandidateView c) {
        int b1 = c.before(1);
        if (b1 == '^' || b1 == '~') {
            return true;
        }
        int b2 = c.before(2);
        return b1 == '=' && (b2 == '=' || b2 == '<' || b2 == '>' || b2 == '~' || b2 == '!');
    }

    /** A version name written before the candidate in the same value (text bodies, XML). */
    private static boolean nameBefore(CandidateView c) {
        int k = 1;
        while (k <= MAX_GAP && isQuoteOrBlank(c.before(k))) {
            k++;
        }
        int sep = c.before(k);
        if (sep != ':' && sep != '=' && sep != '>') {
            return false;
        }
        k++;
        if (sep != '>') {
            int gap = 0;
            while (gap < MAX_GAP && isQuoteOrBlank(c.before(k))) {
                k++;
                gap++;
            }
        }
        int nameEnd = k; // before(nameEnd) is the name's last byte
        while (k - nameEnd < MAX_NAME && isNameByte(c.before(k))) {
            k++;
        }
        int len = k - nameEnd;
        if (len == 0 || sep == '>' && c.before(k) != '<') {
            return false;
        }
        int start = c.off() - (k - 1);
        byte[] buf = c.buf();
        for (byte[] part : PART_BYTES) {
            if (Ascii.containsIgnoreCase(buf, start, len, part)) {
                return true;
            }
        }
        for (byte[] name : NAME_BYTES) {
            if (Ascii.equalsIgnoreCase(buf, start, len, name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isQuoteOrBlank(int b) {
        return b == '"' || b == '\'' || b == ' ' || b == '\t';
    }

    private static boolean isNameByte(int b) {
        return Ascii.isAlnum(b) || b == '_' || b == '-' || b == '.';
    }
}
