package dev.sluice.matchers.attack;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.sluice.matchers.validate.ArrayCandidate;
import dev.sluice.matchers.validate.ByteValidator;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Seeded property tests: generated benign text (English with apostrophes and SQL/HTML/JS
 * vocabulary, JSON-ish objects, emails, URLs) never passes the {@code sqli} or {@code xss}
 * validators, and arbitrary bytes never make any validator throw. Each repetition uses its
 * own fixed seed, so a failure names the seed that reproduces it.
 */
class AttackPropertyTest {
    private static final String[] WORDS = {
        "the", "a", "order", "select", "union", "from", "where", "and", "or", "not", "drop", "table", "update",
        "insert", "into", "values", "delete", "join", "group", "by", "like", "is", "null", "true", "false",
        "sleep", "char", "script", "alert", "confirm", "prompt", "document", "window", "on", "online", "only",
        "onion", "java", "javascript", "cat", "ls", "echo", "set", "exec", "between", "having", "limit",
        "report", "customer", "invoice", "please", "would", "like", "to", "request", "information", "about",
        "O'Brien's", "don't", "it's", "rock'n'roll", "I'm", "you're", "5", "10", "2024", "1st", "3rd", "#1",
        "(see", "note)", "-", "--", "&", "<", ">", "=", "e.g.", "i.e.", "etc.", "@home", "50%", "$20",
    };
    private static final String[] PUNCT = {" ", " ", " ", " ", ", ", "; ", ": ", ". ", "! ", "? ", " - ", " / "};
    private static final String[] HOSTS = {"example.com", "api.example.org", "shop.example.net", "cdn.example.io"};

    private static String sentence(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = 3 + r.nextInt(18);
        for (int i = 0; i < n; i++) {
            String w = WORDS[r.nextInt(WORDS.length)];
            sb.append(i == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w);
            sb.append(i + 1 < n ? PUNCT[r.nextInt(PUNCT.length)] : ".");
        }
        return sb.toString();
    }

    private static String json(Random r) {
        StringBuilder sb = new StringBuilder("{");
        int n = 1 + r.nextInt(5);
        for (int i = 0; i < n; i++) {
            sb.append('"').append(WORDS[r.nextInt(WORDS.length)].replace("'", "")).append("\": ");
            switch (r.nextInt(4)) {
                case 0 -> sb.append(r.nextInt(100000));
                case 1 -> sb.append('"').append(sentence(r).replace("\"", "")).append('"');
                case 2 -> sb.append(r.nextBoolean());
                default -> sb.append("[").append(r.nextInt(9)).append(", ").append(r.nextInt(9)).append("]");
            }
            sb.append(i + 1 < n ? ", " : "}");
        }
        return sb.toString();
    }

    private static String email(Random r) {
        String[] local = {"john.smith", "o'neil", "jane+news", "support", "m.o'hara", "sales-team"};
        return local[r.nextInt(local.length)] + r.nextInt(100) + "@" + HOSTS[r.nextInt(HOSTS.length)];
    }

    private static String url(Random r) {
        return "https://" + HOSTS[r.nextInt(HOSTS.length)] + "/" + WORDS[r.nextInt(WORDS.length)].replaceAll("[^a-z]", "")
            + "?q=" + WORDS[r.nextInt(WORDS.length)].replaceAll("[^a-z]", "") + "&page=" + r.nextInt(50)
            + "&sort=" + (r.nextBoolean() ? "asc" : "desc");
    }

    @RepeatedTest(25)
    void benignTextNeverLooksLikeSqlOrXss(RepetitionInfo info) {
        long seed = 0x5EEDL * info.getCurrentRepetition();
        Random r = new Random(seed);
        ByteValidator sqli = AttackValidators.all().get("sqli");
        ByteValidator xss = AttackValidators.all().get("xss");
        for (int i = 0; i < 200; i++) {
            String value = switch (r.nextInt(4)) {
                case 0 -> sentence(r);
                case 1 -> json(r);
                case 2 -> email(r);
                default -> url(r);
            };
            ArrayCandidate c = ArrayCandidate.of(value);
            assertFalse(sqli.test(c), () -> "sqli flags benign (seed " + seed + "): " + value);
            assertFalse(xss.test(c), () -> "xss flags benign (seed " + seed + "): " + value);
        }
    }

    @RepeatedTest(20)
    void randomBytesNeverThrow(RepetitionInfo info) {
        long seed = 0xB17E5L * info.getCurrentRepetition();
        Random r = new Random(seed);
        byte[] alphabet = "'\"`<>/\\;|&$(){}[]%#=-*!@:.,0123456789abcdefjnoprstuxABCDEFX \t\n\u0000"
            .getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 300; i++) {
            byte[] value = new byte[r.nextInt(i % 50 == 0 ? 9000 : 300)];
            for (int k = 0; k < value.length; k++) {
                value[k] = r.nextBoolean() ? (byte) r.nextInt(256) : alphabet[r.nextInt(alphabet.length)];
            }
            int from = value.length == 0 ? 0 : r.nextInt(value.length);
            int len = value.length - from == 0 ? 0 : r.nextInt(value.length - from + 1);
            ArrayCandidate whole = ArrayCandidate.of(value);
            ArrayCandidate part = new ArrayCandidate().reset(value, 0, value.length, from, len);
            for (ByteValidator v : AttackValidators.all().values()) {
                assertDoesNotThrow(() -> v.test(whole), "seed " + seed);
                assertDoesNotThrow(() -> v.test(part), "seed " + seed);
            }
        }
    }
}
