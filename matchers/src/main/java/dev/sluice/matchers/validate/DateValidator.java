package dev.sluice.matchers.validate;

/**
 * {@code date}: a calendar date in one of the forms dates of birth are written in:
 * <ul>
 *   <li>{@code YYYY-MM-DD} (ISO 8601 calendar date), {@code YYYYMMDD} (its basic format) and
 *       {@code YYYY/MM/DD};</li>
 *   <li>{@code MM/DD/YYYY} or {@code DD/MM/YYYY}, and the same with {@code -}: either reading
 *       may be valid, the text alone cannot tell them apart;</li>
 *   <li>{@code DD.MM.YYYY} (German and other European usage);</li>
 *   <li>{@code D Mon YYYY}, {@code D. Month YYYY}, {@code Mon D, YYYY}, {@code Month Dth YYYY}
 *       with English month names and abbreviations (optional trailing {@code .}) and the
 *       German, French and Spanish month names;</li>
 *   <li>{@code YYYY年M月D日} (Japanese and Chinese, UTF-8).</li>
 * </ul>
 * Day and month are one or two digits except in the ISO forms, which need two. The month is
 * 1-12, the day exists in that month (Gregorian leap years) and the year is 1900-2099. Only the
 * date is validated: a time after it ({@code T10:00:00Z}) is outside the candidate. Boundary:
 * no digit directly before or after, nor a {@code / - .} joined to another digit.
 */
final class DateValidator implements ByteValidator {
    static final DateValidator INSTANCE = new DateValidator();

    private static final int MAX_LEN = 32;

    private static final byte[] YEAR_MARK = Ascii.bytes("年");
    private static final byte[] MONTH_MARK = Ascii.bytes("月");
    private static final byte[] DAY_MARK = Ascii.bytes("日");

    /** Month names, lower case; {@link #MONTH_OF} gives each one's month number. */
    private static final byte[][] MONTH_NAMES;
    private static final byte[] MONTH_OF;

    static {
        String[][] byMonth = {
            {"january", "jan", "januar", "jänner", "janvier", "janv", "enero", "ene"},
            {"february", "feb", "februar", "février", "févr", "fevrier", "fevr", "febrero"},
            {"march", "mar", "märz", "maerz", "mär", "mars", "marzo"},
            {"april", "apr", "avril", "avr", "abril", "abr"},
            {"may", "mai", "mayo"},
            {"june", "jun", "juni", "juin", "junio"},
            {"july", "jul", "juli", "juillet", "juil", "julio"},
            {"august", "aug", "août", "aout", "agosto", "ago"},
            {"september", "sep", "sept", "septembre", "septiembre", "setiembre"},
            {"october", "oct", "oktober", "okt", "octobre", "octubre"},
            {"november", "nov", "novembre", "noviembre"},
            {"december", "dec", "dezember", "dez", "décembre", "déc", "decembre", "diciembre", "dic"},
        };
        int n = 0;
        for (String[] names : byMonth) {
            n += names.length;
        }
        MONTH_NAMES = new byte[n][];
        MONTH_OF = new byte[n];
        int k = 0;
        for (int m = 0; m < byMonth.length; m++) {
            for (String name : byMonth[m]) {
                MONTH_NAMES[k] = Ascii.bytes(name);
                MONTH_OF[k++] = (byte) (m + 1);
            }
        }
    }

    private DateValidator() {}

    @Override
    public boolean test(CandidateView c) {
        int len = c.len();
        if (len < 8 || len > MAX_LEN || !boundaryOk(c)) {
            return false;
        }
        byte[] buf = c.buf();
        int off = c.off();
        int first = buf[off] & 0xFF;
        if (!Ascii.isDigit(first)) {
            return monthFirst(buf, off, len);
        }
        int n1 = digitRun(buf, off, len, 0);
        if (n1 == len) {
            // YYYYMMDD, ISO 8601's basic format
            return len == 8 && valid(num(buf, off, 4), num(buf, off + 4, 2), num(buf, off + 6, 2));
        }
        if (n1 == 4 && buf[off + 4] == (byte) 0xE5) {
            return cjk(buf, off, len);
        }
        int sep = buf[off + n1] & 0xFF;
        if (n1 == 4) {
            // YYYY-MM-DD or YYYY/MM/DD
            return (sep == '-' || sep == '/') && len == 10 && buf[off + 7] == sep
                    && digitRun(buf, off, len, 5) == 2 && digitRun(buf, off, len, 8) == 2
                    && valid(num(buf, off, 4), num(buf, off + 5, 2), num(buf, off + 8, 2));
        }
        if (n1 > 2) {
            return false;
        }
        int d1 = num(buf, off, n1);
        boolean dayDot = sep == '.' && n1 + 1 < len && buf[off + n1 + 1] == ' '; // "3. März 1990"
        if (!dayDot && (sep == '/' || sep == '-' || sep == '.')) {
            int p2 = n1 + 1;
            int n2 = digitRun(buf, off, len, p2);
            int p3 = p2 + n2 + 1;
            if (n2 < 1 || n2 > 2 || p3 + 4 != len || (buf[off + p2 + n2] & 0xFF) != sep || digitRun(buf, off, len, p3) != 4) {
                return false;
            }
            int d2 = num(buf, off + p2, n2);
            int y = num(buf, off + p3, 4);
            if (sep == '.') {
                return valid(y, d2, d1);
            }
            return valid(y, d1, d2) || valid(y, d2, d1);
        }
        // D Month YYYY, D. Month YYYY
        int i = n1;
        if (buf[off + i] == '.') {
            i++;
        }
        if (i >= len || buf[off + i] != ' ') {
            return false;
        }
        i++;
        int nameEnd = wordEnd(buf, off, len, i);
        int month = month(buf, off + i, nameEnd - i);
        i = nameEnd;
        if (month == 0) {
            return false;
        }
        if (i < len && buf[off + i] == '.') {
            i++;
        }
        if (i < len && buf[off + i] == ',') {
            i++;
        }
        if (i >= len || buf[off + i] != ' ' || i + 5 != len || digitRun(buf, off, len, i + 1) != 4) {
            return false;
        }
        return valid(num(buf, off + i + 1, 4), month, d1);
    }

    /** Mon D, YYYY / Month D YYYY / Month Dth, YYYY. */
    private static boolean monthFirst(byte[] buf, int off, int len) {
        int nameEnd = wordEnd(buf, off, len, 0);
        int month = month(buf, off, nameEnd);
        if (month == 0) {
            return false;
        }
        int i = nameEnd;
        if (i < len && buf[off + i] == '.') {
            i++;
        }
        if (i >= len || buf[off + i] != ' ') {
            return false;
        }
        i++;
        int nd = digitRun(buf, off, len, i);
        if (nd < 1 || nd > 2) {
            return false;
        }
        int day = num(buf, off + i, nd);
        i += nd;
        if (i + 2 <= len && Ascii.isAlpha(buf[off + i])) {
            if (!ordinalSuffix(buf[off + i], buf[off + i + 1])) {
                return false;
            }
            i += 2;
        }
        if (i < len && buf[off + i] == ',') {
            i++;
        }
        if (i >= len || buf[off + i] != ' ' || i + 5 != len || digitRun(buf, off, len, i + 1) != 4) {
            return false;
        }
        return valid(num(buf, off + i + 1, 4), month, day);
    }

    private static boolean ordinalSuffix(byte a, byte b) {
        int x = Ascii.lower(a & 0xFF);
        int y = Ascii.lower(b & 0xFF);
        return (x == 's' && y == 't') || (x == 'n' && y == 'd') || (x == 'r' && y == 'd') || (x == 't' && y == 'h');
    }

    /** YYYY年M月D日. */
    private static boolean cjk(byte[] buf, int off, int len) {
        int i = 4;
        if (!Ascii.startsWith(buf, off + i, len - i, YEAR_MARK)) {
            return false;
        }
        i += YEAR_MARK.length;
        int nm = digitRun(buf, off, len, i);
        if (nm < 1 || nm > 2) {
            return false;
        }
        int month = num(buf, off + i, nm);
        i += nm;
        if (!Ascii.startsWith(buf, off + i, len - i, MONTH_MARK)) {
            return false;
        }
        i += MONTH_MARK.length;
        int nd = digitRun(buf, off, len, i);
        if (nd < 1 || nd > 2) {
            return false;
        }
        int day = num(buf, off + i, nd);
        i += nd;
        return i + DAY_MARK.length == len && Ascii.startsWith(buf, off + i, len - i, DAY_MARK)
                && valid(num(buf, off, 4), month, day);
    }

    /** End of a month-name word: ASCII letters and UTF-8 bytes (for ä, é, û). */
    private static int wordEnd(byte[] buf, int off, int len, int i) {
        while (i < len && (Ascii.isAlpha(buf[off + i]) || buf[off + i] < 0)) {
            i++;
        }
        return i;
    }

    /** Month number of the name in {@code buf[off, off + n)}, ignoring case, or 0. */
    private static int month(byte[] buf, int off, int n) {
        if (n < 3 || n > 10) {
            return 0;
        }
        for (int k = 0; k < MONTH_NAMES.length; k++) {
            if (nameEquals(buf, off, n, MONTH_NAMES[k])) {
                return MONTH_OF[k];
            }
        }
        return 0;
    }

    /**
     * Case-insensitive compare with a lower-case name. Besides ASCII, folds the Latin-1 capitals
     * of UTF-8 (C3 80..C3 9E, as in "MÄRZ", "DÉC") to their small letters (C3 A0..C3 BE).
     */
    private static boolean nameEquals(byte[] buf, int off, int n, byte[] name) {
        if (n != name.length) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            int b = buf[off + i] & 0xFF;
            if (i > 0 && (buf[off + i - 1] & 0xFF) == 0xC3 && b >= 0x80 && b <= 0x9E && b != 0x97) {
                b += 0x20;
            } else {
                b = Ascii.lower(b);
            }
            if (b != (name[i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    /** Gregorian calendar check within the years dates of birth are accepted for. */
    static boolean valid(int year, int month, int day) {
        if (year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1) {
            return false;
        }
        int max = switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
        return day <= max;
    }

    private static int digitRun(byte[] buf, int off, int len, int i) {
        int j = i;
        while (j < len && Ascii.isDigit(buf[off + j])) {
            j++;
        }
        return j - i;
    }

    private static int num(byte[] buf, int off, int n) {
        return SsnValidator.num(buf, off, n);
    }

    private static boolean boundaryOk(CandidateView c) {
        int b1 = c.before(1);
        int a1 = c.after(1);
        if (Ascii.isDigit(b1) || Ascii.isDigit(a1)) {
            return false;
        }
        boolean joinBefore = (b1 == '/' || b1 == '-' || b1 == '.') && Ascii.isDigit(c.before(2));
        boolean joinAfter = (a1 == '/' || a1 == '-' || a1 == '.') && Ascii.isDigit(c.after(2));
        return !joinBefore && !joinAfter;
    }
}
