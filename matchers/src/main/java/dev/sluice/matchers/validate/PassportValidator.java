package dev.sluice.matchers.validate;

/**
 * {@code passport}: the shape of a passport document number: 6-9 upper-case letters or digits
 * with at least one digit (ICAO Doc 9303 allows up to nine characters in the MRZ document
 * number field; issuing states use 6-9). The shape alone is weak evidence; the detector
 * requires a passport context. Boundary: no letter or digit directly before or after.
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
        return digit;
    }
}
