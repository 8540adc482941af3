package dev.sluice.matchers;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@link MatchBytes} reads from an expression is never narrower than what it matches: seeded
 * random expressions of the catalogs' syntax (literals, classes and their negations, escapes,
 * groups, alternation, counted and open repeats, assertions), each run by {@code java.util.regex}
 * over seeded random text read byte for byte (ISO-8859-1, dot matching line breaks, as Hyperscan
 * is run); every byte of every match but the delimiters a trim cuts off must be one it names.
 * A break byte released on a wrong reading would let the start of a finding leave unmasked.
 */
class MatchBytesPropertyTest {
    private static final String TEXT_BYTES = "ab-_ .@:/\n\t\"'<>09AZ\u0000\u00e9";
    private static final String[] ATOMS = {"a", "b", "-", "\\.", "@", ":", "/", " ", "\\n", "\\t", "\\x00",
        "[a-c]", "[^a]", "[^\\s\"]", "[A-Za-z0-9]", "[^A-Za-z0-9_\\-]", "\\s", "\\S", "\\d", "\\w", "\\W", ".",
        "\\b", "\\B", "[\\x00-\\x1f]", "[^@\\s]"};

    static LongStream seeds() {
        return LongStream.range(0, 300);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aCandidateNeverHoldsAByteItsExpressionDoesNotName(long seed) {
        Random random = new Random(seed);
        String body = expression(random, 0);
        PatternSpec.Trim trim = PatternSpec.Trim.values()[random.nextInt(PatternSpec.Trim.values().length)];
        String regex = switch (trim) {
            case NONE -> body;
            case END -> "x" + body + "[^x]";
            case BOTH -> "[^x]" + body + "[^x]";
            case END_TWO -> "x" + body + "[^x][^x]";
        };
        boolean[] held = MatchBytes.ofCandidate(regex, false, trim);
        assertNotNull(held, regex);
        Pattern p = Pattern.compile(regex, Pattern.DOTALL);
        for (int round = 0; round < 20; round++) {
            String text = text(random);
            Matcher m = p.matcher(text);
            while (m.find()) {
                int from = m.start() + trim.before();
                int to = m.end() - trim.after();
                for (int i = from; i < to; i++) {
                    int b = text.charAt(i);
                    assertTrue(held[b], () -> regex + " matched " + b + " in " + escape(text));
                }
                if (m.end() == m.start()) {
                    if (m.end() >= text.length()) {
                        break;
                    }
                    m.region(m.end() + 1, text.length());
                }
            }
        }
    }

    private static String expression(Random random, int depth) {
        StringBuilder b = new StringBuilder();
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
            String atom = depth < 2 && random.nextInt(6) == 0
                    ? "(?:" + expression(random, depth + 1) + (random.nextBoolean() ? "|" + expression(random, depth + 1) : "") + ")"
                    : ATOMS[random.nextInt(ATOMS.length)];
            b.append(atom);
            boolean zeroWidth = atom.equals("\\b") || atom.equals("\\B");
            if (!zeroWidth) {
                switch (random.nextInt(8)) {
                    case 0 -> b.append('?');
                    case 1 -> b.append('*');
                    case 2 -> b.append('+');
                    case 3 -> b.append('{').append(1 + random.nextInt(2)).append(',').append(2 + random.nextInt(3)).append('}');
                    default -> {
                    }
                }
            }
        }
        if (depth == 0 && random.nextInt(5) == 0) {
            b.append('|').append(expression(random, 1));
        }
        return b.toString();
    }

    private static String text(Random random) {
        StringBuilder b = new StringBuilder();
        for (int i = random.nextInt(80); i > 0; i--) {
            b.append(TEXT_BYTES.charAt(random.nextInt(TEXT_BYTES.length())));
        }
        // Byte for byte: each char stands for one byte, as the engine reads UTF-8 text.
        return new String(b.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1);
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c < 0x20 || c > 0x7e ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }
}
