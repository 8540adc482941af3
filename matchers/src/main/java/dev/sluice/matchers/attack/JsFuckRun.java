package dev.sluice.matchers.attack;

/**
 * Script written with six characters only, {@code [ ] ( ) ! +} (JSFuck): {@code ![]} is
 * {@code false}, {@code +[]} is {@code 0}, and indexing their string forms spells any name, so
 * {@code [][(![]+[])[+[]]+…]} runs {@code alert} without a letter a filter could look for. A run of
 * those characters (blanks allowed) at least {@link #MIN_RUN} long holding {@code ![]} or
 * {@code +[]}, with a {@code +} or a second {@code !} in it: a JSON array of arrays has commas,
 * Markdown's empty image {@code ![]()} has neither.
 */
final class JsFuckRun {
    private static final int MIN_RUN = 5;
    /** How far the run is followed each way from its {@code ![]} or {@code +[]}. */
    private static final int REACH = 64;

    private JsFuckRun() {
    }

    /** Whether the {@code !} or {@code +} at {@code i}, followed by {@code []}, sits in such a run of {@code b[off, end)}. */
    static boolean at(byte[] b, int off, int i, int end) {
        if (Ascii.at(b, i + 1, end) != '[' || Ascii.at(b, i + 2, end) != ']') {
            return false;
        }
        int s = i;
        while (s > off && i - s < REACH && member(b[s - 1])) {
            s--;
        }
        int e = i + 3;
        while (e < end && e - i < REACH && member(b[e])) {
            e++;
        }
        int plus = 0;
        int bang = 0;
        int width = 0;
        for (int k = s; k < e; k++) {
            plus += b[k] == '+' ? 1 : 0;
            bang += b[k] == '!' ? 1 : 0;
            width += b[k] == ' ' ? 0 : 1;
        }
        return width >= MIN_RUN && (plus > 0 || bang > 1);
    }

    private static boolean member(byte c) {
        return c == '[' || c == ']' || c == '(' || c == ')' || c == '!' || c == '+' || c == ' ';
    }
}
