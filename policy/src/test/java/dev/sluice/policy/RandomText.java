package dev.sluice.policy;

import java.util.Random;

/** Seeded random strings over a small alphabet, for the property-style tests of parsers. */
public final class RandomText {
    private RandomText() {
    }

    /** A string of {@code min} to {@code max - 1} characters drawn from {@code alphabet}. */
    public static String of(Random rnd, String alphabet, int min, int max) {
        int len = min + rnd.nextInt(max - min);
        StringBuilder s = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            s.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
