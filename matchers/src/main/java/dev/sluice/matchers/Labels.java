package dev.sluice.matchers;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The words configuration, events and metrics use for enum constants: the constant's name in
 * lower case ({@code keep_last_4}, {@code response}). One place for the spelling and the
 * lookup, so every enum a policy or an event names reads and prints the same way.
 */
public final class Labels {
    private Labels() {
    }

    /** {@code constant}'s label: its name in lower case. Enums compute it once, into a field. */
    public static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /** The labels of {@code constants}, in their order: the words a configuration may use. */
    public static List<String> all(Enum<?>[] constants) {
        return Arrays.stream(constants).map(Labels::of).toList();
    }

    /** The constant of {@code constants} whose label is exactly {@code label}, or null. */
    public static <E extends Enum<E>> E find(E[] constants, String label) {
        for (E e : constants) {
            if (of(e).equals(label)) {
                return e;
            }
        }
        return null;
    }

    /** The constant of {@code constants} whose label is {@code label} in any case, or null. */
    public static <E extends Enum<E>> E findIgnoringCase(E[] constants, String label) {
        for (E e : constants) {
            if (of(e).equalsIgnoreCase(label)) {
                return e;
            }
        }
        return null;
    }
}
