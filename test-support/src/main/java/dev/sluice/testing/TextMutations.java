package dev.sluice.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded random breakage of text (a YAML file, a header value), with pieces of its syntax: a
 * character changed, a piece inserted, a range dropped or doubled, a line doubled, two lines
 * swapped, the end cut off.
 */
public final class TextMutations {
    private TextMutations() {
    }

    /** Up to four mutations; {@code atLeastOne} false lets a case keep the text whole now and then. */
    public static String mutate(Random random, String text, List<String> pieces, boolean atLeastOne) {
        String t = text;
        int n = atLeastOne ? 1 + random.nextInt(4) : random.nextInt(4);
        for (int i = 0; i < n; i++) {
            t = mutateOnce(random, t, pieces);
        }
        return t;
    }

    private static String mutateOnce(Random random, String t, List<String> pieces) {
        int at = random.nextInt(t.length() + 1);
        return switch (random.nextInt(8)) {
            case 0 -> t.isEmpty() ? t : t.substring(0, Math.min(at, t.length() - 1)) + (char) (32 + random.nextInt(95))
                    + t.substring(Math.min(at, t.length() - 1) + 1);
            case 1, 2 -> t.substring(0, at) + pieces.get(random.nextInt(pieces.size())) + t.substring(at);
            case 3 -> t.substring(0, at) + t.substring(Math.min(t.length(), at + 1 + random.nextInt(40)));
            case 4 -> t.substring(0, at) + t.substring(at, Math.min(t.length(), at + random.nextInt(40))) + t.substring(at);
            case 5 -> lines(random, t, false);
            case 6 -> lines(random, t, true);
            default -> t.substring(0, at);
        };
    }

    /** A random line doubled ({@code swap} false) or two random lines swapped. */
    private static String lines(Random random, String t, boolean swap) {
        List<String> l = new ArrayList<>(Arrays.asList(t.split("\n", -1)));
        int a = random.nextInt(l.size());
        int b = random.nextInt(l.size());
        if (swap) {
            String x = l.get(a);
            l.set(a, l.get(b));
            l.set(b, x);
        } else {
            l.add(b, l.get(a));
        }
        return String.join("\n", l);
    }
}
