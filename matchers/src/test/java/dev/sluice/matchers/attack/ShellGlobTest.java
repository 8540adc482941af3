package dev.sluice.matchers.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link ShellGlob} matches a name as the shell's pattern matching does. */
class ShellGlobTest {
    @ParameterizedTest
    @CsvSource({
        "??t, cat, true",
        "??t, cats, false",
        "c*t, cat, true",
        "c*t, ct, true",
        "c*t, cab, false",
        "wh?ami, whoami, true",
        "*, whoami, true",
        "[!q]asswd, passwd, true",
        "[!p]asswd, passwd, false",
        "[^p]asswd, passwd, false",
        "[a-c]at, cat, true",
        "[d-z]at, cat, false",
        "c[a]t, cat, true",
        "[]]x, ]x, true",
        "[ab, [ab, true",
        "[ab, ab, false",
        "p?ss??, passwd, true",
        "*a*a*, banana, true",
        "*a*a*a*a*, banana, false",
    })
    void matchesLikeTheShell(String pattern, String name, boolean expected) {
        byte[] p = pattern.getBytes(StandardCharsets.US_ASCII);
        assertEquals(expected, ShellGlob.matches(p, 0, p.length, name.getBytes(StandardCharsets.US_ASCII)));
    }

    static LongStream seeds() {
        return LongStream.range(0, 400);
    }

    /** Random patterns over a small alphabet agree with the same pattern written as a regular expression. */
    @ParameterizedTest
    @MethodSource("seeds")
    void agreesWithARegularExpression(long seed) {
        Random r = new Random(seed);
        String[] pieces = {"a", "b", "c", "?", "*", "[ab]", "[!a]", "[^c]", "[a-b]"};
        String[] regexes = {"a", "b", "c", ".", ".*", "[ab]", "[^a]", "[^c]", "[a-b]"};
        StringBuilder glob = new StringBuilder();
        StringBuilder regex = new StringBuilder();
        for (int n = 1 + r.nextInt(6); n > 0; n--) {
            int k = r.nextInt(pieces.length);
            glob.append(pieces[k]);
            regex.append(regexes[k]);
        }
        byte[] p = glob.toString().getBytes(StandardCharsets.US_ASCII);
        Pattern reference = Pattern.compile(regex.toString(), Pattern.DOTALL);
        for (int t = 0; t < 50; t++) {
            StringBuilder name = new StringBuilder();
            for (int n = r.nextInt(8); n > 0; n--) {
                name.append((char) ('a' + r.nextInt(3)));
            }
            String s = name.toString();
            assertEquals(reference.matcher(s).matches(),
                ShellGlob.matches(p, 0, p.length, s.getBytes(StandardCharsets.US_ASCII)), () -> glob + " against " + s);
        }
    }
}
