package dev.sluice.matchers.validate;

/**
 * {@code passport}: the shape of a passport document number: 6-9 upper-case letters or digits
 * with at least one digit (ICAO Doc 9303 allows up to nine characters in the MRZ document
 * number field; issuing states use 6-9). The shape alone is weak evidence; the detector
 * requires a passport context. Boundary: no letter or digit directly before or after.
 *
 * <p>One letters-only form is taken too: a German passport number is nine characters of
 * {@code CFGHJKLMNPRTVWXYZ0-9} opening with a series letter {@code C F G H J K}, and one
 * in about forty draws no digit. Without vowels nine letters are no word, so the status
 * words a passport field may hold ({@code VERIFIED}, {@code EXPIRED}) stay out.
 */
final class PassportValidator implements ByteValidator {
    static final PassportValidator INSTANCE = new PassportValidator();

    private PassportValidator() {}

    @Override
    public boolean test(CandidateView c) {
        int len = c.len();
        if (len < 6 || len > 9 || Ascii.isAlnum(c.before(1)) || Ascii.isAlnum(c.after(1))) {
            return false;
        }
        boolean digit = false;
        for (int i = 0; i < len; i++) {
            int b = c.at(i);
            if (Ascii.isDigit(b)) {
                digit = true;
            } else if (!Ascii.isUpper(b)) {
                return false;
            }
        }
        return digit || germanLettersOnly(c, len);
    }

    private static final String GERMAN_SERIES = "CFGHJK";
    private static final String GERMAN_ALPHABET = "CFGHJKLMNPRTVWXYZ";

    private static boolean germanLettersOnly(CandidateView c, int len) {
        if (len != 9 || GERMAN_SERIES.indexOf(c.at(0)) < 0) {
            return false;
        }
        for (int i = 1; i < len; i++) {
            if (GERMAN_ALPHABET.indexOf(c.at(i)) < 0) {
                return false;
            }
        }
        return true;
    }
}
