package dev.sluice.matchers.validate;

/**
 * {@code iban}: an International Bank Account Number (ISO 13616-1), compact
 * ({@code DE89370400440532013000}) or in the paper format of groups of four separated by single
 * spaces ({@code DE89 3704 0044 0532 0130 00}; the last group may be shorter).
 *
 * <p>Checks: two upper-case letters (country), two check digits, 11-30 upper-case letters or
 * digits; the total length the IBAN registry (SWIFT, ISO 13616 registration authority) lists
 * for the country, or 15-34 for a country missing from the table; and the ISO 7064 MOD 97-10
 * check: the number formed by moving the first four characters to the end and replacing each
 * letter with 10..35 leaves remainder 1 modulo 97. The remainder is computed digit by digit,
 * so no big integers. Lower-case IBANs are not accepted: the registry format is upper case and
 * masked ({@code DE89 **** ...}) or lower-case variants are not what the detector reports.
 */
final class IbanValidator implements ByteValidator {
    static final IbanValidator INSTANCE = new IbanValidator();

    /** Longest paper-format IBAN: 34 characters plus 8 spaces. */
    private static final int MAX_LEN = 34 + 8;

    /** Registry lengths, indexed by {@code (c1 - 'A') * 26 + (c2 - 'A')}; 0 = not in the table. */
    private static final byte[] LENGTHS = new byte[26 * 26];

    static {
        String table = "AD24AE23AL28AT20AZ28BA20BE16BG22BH22BI27BR29BY28CH21CR22CY28CZ24DE22DJ27DK18DO28"
                + "EE20EG29ES24FI18FK18FO18FR27GB22GE22GI23GL18GR27GT28HN28HR21HU28IE22IL23IQ23IS26"
                + "IT27JO30KW30KZ20LB28LC32LI21LT20LU20LV21LY25MC27MD24ME22MK19MN20MR27MT31MU30NI28"
                + "NL18NO15OM23PK24PL28PS29PT25QA29RO24RS22RU33SA24SC31SD18SE24SI19SK24SM27SO23ST25"
                + "SV28TL23TN24TR26UA29VA22VG24XK20YE30";
        for (int i = 0; i + 4 <= table.length(); i += 4) {
            int idx = (table.charAt(i) - 'A') * 26 + (table.charAt(i + 1) - 'A');
            LENGTHS[idx] = (byte) Integer.parseInt(table, i + 2, i + 4, 10);
        }
    }

    private IbanValidator() {}

    @Override
    public boolean test(CandidateView c) {
        int len = c.len();
        if (len < 15 || len > MAX_LEN || Ascii.isAlnum(c.before(1)) || Ascii.isAlnum(c.after(1))) {
            return false;
        }
        byte[] buf = c.buf();
        int off = c.off();
        // Shape: count characters, check the alphabet and, when spaced, the groups of four.
        boolean spaced = len > 4 && buf[off + 4] == ' ';
        int chars = 0;
        for (int i = 0; i < len; i++) {
            int b = buf[off + i] & 0xFF;
            if (b == ' ') {
                // Paper format: a space after every fourth character, never two in a row, none last.
                if (!spaced || (i + 1) % 5 != 0 || i == len - 1) {
                    return false;
                }
                continue;
            }
            if (spaced && (i + 1) % 5 == 0) {
                return false; // a group longer than four
            }
            if (!(Ascii.isUpper(b) || Ascii.isDigit(b))) {
                return false;
            }
            chars++;
        }
        int c0 = buf[off] & 0xFF;
        int c1 = buf[off + 1] & 0xFF;
        if (!Ascii.isUpper(c0) || !Ascii.isUpper(c1) || !Ascii.isDigit(buf[off + 2]) || !Ascii.isDigit(buf[off + 3])) {
            return false;
        }
        int expected = LENGTHS[(c0 - 'A') * 26 + (c1 - 'A')];
        if (expected != 0 ? chars != expected : chars < 15 || chars > 34) {
            return false;
        }
        return mod97(buf, off, len) == 1;
    }

    /** ISO 7064 MOD 97-10 over the rearranged IBAN; spaces are skipped. */
    static int mod97(byte[] buf, int off, int len) {
        int r = 0;
        // BBAN first, then country code and check digits.
        for (int i = 4; i < len + 4; i++) {
            int b = buf[off + (i < len ? i : i - len)] & 0xFF;
            if (b == ' ') {
                continue;
            }
            if (Ascii.isDigit(b)) {
                r = (r * 10 + (b - '0')) % 97;
            } else {
                r = (r * 100 + (b - 'A' + 10)) % 97;
            }
        }
        return r;
    }
}
