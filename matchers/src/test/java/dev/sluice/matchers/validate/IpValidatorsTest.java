package dev.sluice.matchers.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Seeded properties: generated addresses in every text form pass unless loopback or unspecified. */
class IpValidatorsTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void everyDottedQuadPassesUnlessLoopbackOrUnspecified(long seed) {
        Random rnd = new Random(seed);
        for (int k = 0; k < 20000; k++) {
            int a = rnd.nextInt(256);
            int b = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(256);
            int c = rnd.nextInt(256);
            int d = rnd.nextInt(256);
            if (rnd.nextInt(50) == 0) {
                a = b = c = d = 0;
            }
            String s = a + "." + b + "." + c + "." + d;
            boolean expected = a != 127 && a < 240 && (a | b | c | d) != 0;
            assertEquals(expected, Ipv4Validator.INSTANCE.test(ArrayCandidate.of(s)));
            int bad = 256 + rnd.nextInt(744);
            assertEquals(false, Ipv4Validator.INSTANCE.test(ArrayCandidate.of(a + "." + bad + "." + c + "." + d)));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {4, 5, 6})
    void everyIpv6TextFormPassesUnlessLoopbackOrUnspecified(long seed) {
        Random rnd = new Random(seed);
        for (int k = 0; k < 20000; k++) {
            int[] u = new int[8];
            for (int i = 0; i < 8; i++) {
                u[i] = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(0x10000);
            }
            if (rnd.nextInt(20) == 0) {
                java.util.Arrays.fill(u, 0);
                u[7] = rnd.nextInt(3);
            }
            boolean zeroPrefix = true;
            for (int i = 0; i < 7; i++) {
                zeroPrefix &= u[i] == 0;
            }
            boolean expected = !(zeroPrefix && (u[7] == 0 || u[7] == 1));
            String full = full(u, rnd.nextBoolean());
            String compressed = compressed(u);
            assertEquals(expected, Ipv6Validator.INSTANCE.test(ArrayCandidate.of(full)));
            boolean compressedExpected = expected && !spelledByOtherText(compressed);
            assertEquals(compressedExpected, Ipv6Validator.INSTANCE.test(ArrayCandidate.of(compressed)));
            assertEquals(compressedExpected, Ipv6Validator.INSTANCE.test(ArrayCandidate.of("[" + compressed + "]")));
        }
    }

    /**
     * The compressed forms the validator leaves to other readings: only one- or two-digit
     * decimal units ("58::34:58"), or one unit after a leading "::" ("::d").
     */
    private static boolean spelledByOtherText(String compressed) {
        if (!compressed.contains("::")) {
            return false;
        }
        String[] units = java.util.Arrays.stream(compressed.split(":")).filter(u -> !u.isEmpty()).toArray(String[]::new);
        boolean shortDecimal = java.util.Arrays.stream(units).allMatch(u -> u.matches("[0-9]{1,2}"));
        return shortDecimal || compressed.startsWith("::") && units.length == 1;
    }

    private static String full(int[] u, boolean padded) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            sb.append(i == 0 ? "" : ":").append(padded ? String.format("%04x", u[i]) : Integer.toHexString(u[i]));
        }
        return sb.toString();
    }

    /** RFC 5952 section 4.2: the longest run of two or more zero groups becomes "::". */
    private static String compressed(int[] u) {
        int best = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && u[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                best = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        if (best < 0) {
            return full(u, false);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < best; i++) {
            sb.append(i == 0 ? "" : ":").append(Integer.toHexString(u[i]));
        }
        sb.append("::");
        for (int i = best + bestLen; i < 8; i++) {
            sb.append(i == best + bestLen ? "" : ":").append(Integer.toHexString(u[i]));
        }
        return sb.toString();
    }
}
