package dev.sluice.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.inspector.redact.RedactionPlan;
import dev.sluice.matchers.Direction;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rewriting sessions replace what their plan masks, per format, whatever the chunking. */
class RewritingSessionTest {
    private static final Inspector inspector = BuiltinEngine.inspector();
    /** Every finding becomes {@code [X]}. */
    static final RedactionPlan ALL = f -> (v, o, l) -> "[X]".getBytes(StandardCharsets.US_ASCII);

    static byte[] rewrite(Inspector inspector, BodySpec spec, RedactionPlan plan, byte[] body, int[] cuts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InspectionSession s = inspector.openRewriting(spec, plan, out::write)) {
            int from = 0;
            for (int cut : cuts) {
                if (cut > from && cut < body.length) {
                    s.feed(java.util.Arrays.copyOfRange(body, from, cut), 0, cut - from);
                    from = cut;
                }
            }
            s.feed(java.util.Arrays.copyOfRange(body, from, body.length), 0, body.length - from);
            s.finish();
        }
        return out.toByteArray();
    }

    static int[] everyByte(int n) {
        int[] c = new int[n];
        for (int i = 0; i < n; i++) {
            c[i] = i + 1;
        }
        return c;
    }

    private static String rewrite(String contentType, String body, int[] cuts) {
        BodySpec spec = BodySpec.builder(Direction.RESPONSE).contentType(contentType).build();
        return new String(rewrite(inspector, spec, ALL, body.getBytes(StandardCharsets.UTF_8), cuts),
                StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "application/json|{\"card\":\"4111 1111 1111 1111\",\"n\":1}|{\"card\":\"[X]\",\"n\":1}",
            "application/json|{\"card\":4111111111111111,\"n\":1}|{\"card\":\"[X]\",\"n\":1}",
            // A finding that starts inside its number: the whole number is still replaced, so the
            // body is held from the number's start, not the finding's.
            "application/json|{\"card\":-4111111111111111,\"n\":1}|{\"card\":\"[X]\",\"n\":1}",
            "application/json|{\"mail\":\"bob.smith\\u0040mailbox.org\"}|{\"mail\":\"[X]\"}",
            "application/x-www-form-urlencoded|a=1&email=bob.smith%40mailbox.org&b=2|a=1&email=%5BX%5D&b=2",
            "text/plain|mail bob.smith@mailbox.org now|mail [X] now",
            "text/html|<p>mail bob.smith&#64;mailbox.org</p>|<p>mail [X]</p>",
            "application/json|{\"next\":\"/cb?email=bob.smith%40mailbox.org&n=1\"}|{\"next\":\"/cb?email=[X]&n=1\"}",
            "application/json|{\"bio\":\"<p>bob.smith&#64;mailbox.org</p>\"}|{\"bio\":\"<p>[X]</p>\"}",
            "application/json|{\"bio\":\"\\u003cp\\u003ebob.smith\\u0026#64;mailbox.org\\u003c/p\\u003e\"}"
                    + "|{\"bio\":\"\\u003cp\\u003e[X]\\u003c/p\\u003e\"}",
    })
    void replacesTheValueInItsSyntax(String contentType, String body, String expected) {
        assertEquals(expected, rewrite(contentType, body, new int[0]));
        assertEquals(expected, rewrite(contentType, body, everyByte(body.length())), "one byte per chunk");
    }

    /**
     * A value that is base64 of text is replaced whole, in the syntax it stands in, when a finding
     * is made in what it holds; its bytes are held until then, however the body is cut.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "application/x-www-form-urlencoded|a=1&data=B64&b=2|a=1&data=%5BX%5D&b=2",
            "text/html|<input type=hidden name=data value=\"B64\"><p>ok</p>|<input type=hidden name=data value=\"[X]\"><p>ok</p>",
            "application/xml|<r><data>B64</data><n>1</n></r>|<r><data>[X]</data><n>1</n></r>",
            "application/json|{\"data\":\"B64\",\"n\":1}|{\"data\":\"[X]\",\"n\":1}",
            "application/json|{\"file\":\"data:text/plain;base64,B64\"}|{\"file\":\"[X]\"}",
            "text/html|<a href=\"data:text/plain;base64,B64\">f</a>|<a href=\"[X]\">f</a>",
    })
    void aBase64ValueIsReplacedWholeInItsSyntax(String contentType, String template, String expected) {
        // Long enough that the matcher alone would let its first bytes go before its end.
        String encoded = java.util.Base64.getEncoder().encodeToString(("{\"note\":\"" + "pad ".repeat(3000)
                + "\",\"mail\":\"bob.smith@mailbox.org\"}").getBytes(StandardCharsets.UTF_8));
        String body = template.replace("B64", contentType.endsWith("urlencoded")
                ? java.net.URLEncoder.encode(encoded, StandardCharsets.US_ASCII) : encoded);
        assertEquals(expected, rewrite(contentType, body, new int[0]));
        assertEquals(expected, rewrite(contentType, body, everyByte(body.length())), "one byte per chunk");
        Random rnd = new Random(body.length());
        for (int i = 0; i < 5; i++) {
            int[] cuts = rnd.ints(4, 1, body.length()).sorted().toArray();
            assertEquals(expected, rewrite(contentType, body, cuts), java.util.Arrays.toString(cuts));
        }
    }

    @Test
    void aPlanWithoutMasksLeavesTheBodyAsItCame() {
        String body = "{\"card\":\"4111 1111 1111 1111\",\"n\":1}";
        BodySpec spec = BodySpec.builder(Direction.RESPONSE).contentType("application/json").build();
        byte[] out = rewrite(inspector, spec, RedactionPlan.NONE, body.getBytes(StandardCharsets.UTF_8), everyByte(5));
        assertEquals(body, new String(out, StandardCharsets.UTF_8));
    }

    @Test
    void outputIsReleasedBeforeTheBodyEnds() {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < 2000; i++) {
            b.append(i == 0 ? "" : ",").append("{\"email\":\"user").append(i).append("@mailbox.org\"}");
        }
        byte[] body = b.append(']').toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BodySpec spec = BodySpec.builder(Direction.RESPONSE).contentType("application/json").build();
        try (InspectionSession s = inspector.openRewriting(spec, ALL, out::write)) {
            s.feed(body, 0, body.length - 100);
            // Redacted addresses are shorter: most of the body has left, not all of its bytes.
            assertTrue(out.size() > body.length / 3, "released " + out.size() + " of " + body.length);
            s.feed(body, body.length - 100, 100);
            InspectionResult r = s.finish();
            assertEquals(2000, r.redactedValues());
        }
        assertFalse(out.toString(StandardCharsets.UTF_8).contains("@mailbox.org"));
    }

    /**
     * A long text streamed in chunks (a model's plain-text answer) leaves with a lag of the
     * longest match that could still be reported, 8 KiB (a JWT), not a private key's 16 KiB: a
     * block's start is held from its begin marker on, so a key in the text is still masked whole.
     */
    @Test
    void aLongTextIsReleasedBehindTheLongestOpenMatchAndAKeyInItMaskedWhole() {
        StringBuilder text = new StringBuilder();
        Random random = new Random(5);
        while (text.length() < 40_000) {
            text.append(random.nextInt(9) == 0 ? ".\n" : " ").append("word").append(random.nextInt(1000));
        }
        byte[] der = new byte[1190];
        random.nextBytes(der);
        String key = "-----BEGIN RSA PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(der) + "\n-----END RSA PRIVATE KEY-----";
        text.insert(20_000, " " + key + " ");
        // Around the key its bytes wait for its end marker and the scan beyond it.
        Streamed r = streamText(text.toString(), at -> at + 512 < 19_000 || at > 34_000);
        assertEquals(1, r.redacted());
        assertTrue(r.mostHeld() < 12 * 1024, "held " + r.mostHeld() + " bytes behind the text");
        assertEquals(text.toString().replace(key, "[X]"), r.output());
    }

    /**
     * One long line of text with no break byte and an address every few hundred bytes: each
     * finding holds the body only from its own start, not from its value's, so the text leaves
     * behind the longest open match instead of being held whole (it was: a finding was always
     * pending, and each pinned the value's first byte).
     */
    @Test
    void aLongLineWithFindingsEveryFewHundredBytesIsNotHeldWhole() {
        StringBuilder text = new StringBuilder();
        Random random = new Random(11);
        int addresses = 0;
        while (text.length() < 64_000) {
            text.append(" word").append(random.nextInt(1000));
            if (random.nextInt(40) == 0) {
                text.append(" user").append(addresses++).append("@fastmail.com");
            }
        }
        Streamed r = streamText(text.toString(), at -> true);
        assertEquals(addresses, r.redacted());
        assertTrue(addresses > 100, "addresses: " + addresses);
        // Released bytes shrink by each replacement, so what is held is measured with that slack.
        assertTrue(r.mostHeld() < 12 * 1024 + addresses * 20L, "held " + r.mostHeld() + " bytes behind the text");
        assertFalse(r.output().contains("@fastmail.com"));
    }

    /** A text body rewritten in 512-byte chunks: its output, the values redacted, and the most bytes held back. */
    private record Streamed(String output, int redacted, long mostHeld) {
    }

    /** Streams {@code text} as text/plain; what is held is measured after each chunk whose offset {@code measured} takes. */
    private static Streamed streamText(String text, java.util.function.IntPredicate measured) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        BodySpec spec = BodySpec.builder(Direction.RESPONSE).contentType("text/plain").build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long mostHeld = 0;
        int redacted;
        try (InspectionSession s = inspector.openRewriting(spec, ALL, out::write)) {
            for (int at = 0; at < body.length; at += 512) {
                int n = Math.min(512, body.length - at);
                s.feed(body, at, n);
                if (measured.test(at)) {
                    mostHeld = Math.max(mostHeld, at + n - out.size());
                }
            }
            redacted = s.finish().redactedValues();
        }
        return new Streamed(out.toString(StandardCharsets.UTF_8), redacted, mostHeld);
    }

    @Test
    void randomChunkingsGiveTheSameOutput() {
        Random random = new Random(7);
        String body = "{\"users\":[{\"email\":\"ann@example.com\",\"ssn\":\"123-45-6789\",\"card\":4111111111111111}],"
                + "\"note\":\"call 415-555-0132 or write to ann@example.com\"}";
        String whole = rewrite("application/json", body, new int[0]);
        for (int i = 0; i < 50; i++) {
            int[] cuts = SessionRuns.Chunking.random(random, body.length()).cuts();
            assertEquals(whole, rewrite("application/json", body, cuts));
        }
    }
}
