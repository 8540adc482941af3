package dev.sluice.matchers.validate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Seeded properties over IBANs of several countries, with BigInteger as the reference. */
class IbanValidatorTest {
    /** Country and BBAN pattern: 'n' digit, 'a' upper-case letter, 'c' either. */
    private static final String[][] COUNTRIES = {
        {"DE", "nnnnnnnnnnnnnnnnnn"}, {"GB", "aaaannnnnnnnnnnnnn"}, {"FR", "nnnnnnnnnnccccccccccCnn".toLowerCase()},
        {"NL", "aaaannnnnnnnnn"}, {"ES", "nnnnnnnnnnnnnnnnnnnn"}, {"IT", "annnnnnnnnncccccccccccc"}, {"NO", "nnnnnnnnnnn"},
        {"MT", "aaaannnnnccccccccccccccccccc".substring(0, 27)}, {"BE", "nnnnnnnnnnnn"}, {"CH", "nnnnnccccccccccccc".substring(0, 17)},
    };

    static String iban(Random rnd, String country, String pattern) {
        StringBuilder bban = new StringBuilder();
        for (char p : pattern.toCharArray()) {
            boolean letter = p == 'a' || (p == 'c' && rnd.nextBoolean());
            bban.append(letter ? (char) ('A' + rnd.nextInt(26)) : (char) ('0' + rnd.nextInt(10)));
        }
        String check = String.format("%02d", 98 - mod97(bban + country + "00"));
        return country + check + bban;
    }

    static int mod97(String rearranged) {
        StringBuilder digits = new StringBuilder();
        for (char ch : rearranged.toCharArray()) {
            digits.append(Character.digit(ch, 36));
        }
        return new BigInteger(digits.toString()).mod(BigInteger.valueOf(97)).intValue();
    }

    private static boolean ok(String s) {
        return IbanValidator.INSTANCE.test(ArrayCandidate.of(s));
    }

    static String paper(String iban) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < iban.length(); i += 4) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(iban, i, Math.min(iban.length(), i + 4));
        }
        return sb.toString();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 97})
    void generatedIbansPassAndSwappedOrChangedDigitsFail(long seed) {
        Random rnd = new Random(seed);
        for (String[] c : COUNTRIES) {
            for (int k = 0; k < 50; k++) {
                String iban = iban(rnd, c[0], c[1]);
                assertTrue(ok(iban), c[0]);
                assertTrue(ok(paper(iban)), c[0] + " paper format");
                // Adjacent transposition of two different digits in the BBAN: MOD 97-10 catches it.
                for (int t = 0; t < 10; t++) {
                    int i = 4 + rnd.nextInt(iban.length() - 5);
                    char a = iban.charAt(i);
                    char b = iban.charAt(i + 1);
                    if (Character.isDigit(a) && Character.isDigit(b) && a != b) {
                        assertFalse(ok(iban.substring(0, i) + b + a + iban.substring(i + 2)), "swap at " + i);
                        break;
                    }
                }
                int i = 2 + rnd.nextInt(iban.length() - 2);
                if (Character.isDigit(iban.charAt(i))) {
                    char other = (char) ('0' + (iban.charAt(i) - '0' + 1 + rnd.nextInt(9)) % 10);
                    assertFalse(ok(iban.substring(0, i) + other + iban.substring(i + 1)), "changed digit at " + i);
                }
                assertFalse(ok(iban.toLowerCase()), "lower case");
                assertFalse(ok(iban.substring(0, iban.length() - 1)), "registry length");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {5, 6})
    void mod97MatchesBigInteger(long seed) {
        Random rnd = new Random(seed);
        for (int k = 0; k < 2000; k++) {
            StringBuilder s = new StringBuilder();
            s.append((char) ('A' + rnd.nextInt(26))).append((char) ('A' + rnd.nextInt(26)));
            int n = 13 + rnd.nextInt(30);
            for (int i = 0; i < n; i++) {
                s.append(rnd.nextBoolean() ? (char) ('0' + rnd.nextInt(10)) : (char) ('A' + rnd.nextInt(26)));
            }
            String v = s.toString();
            byte[] b = v.getBytes();
            int expected = mod97(v.substring(4) + v.substring(0, 4));
            assertTrue(IbanValidator.mod97(b, 0, b.length) == expected);
        }
    }
}
