package dev.sluice.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.matchers.Direction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/**
 * A JSON string that is base64 of text is read as what it holds, as the service that decodes it
 * reads it: a queue message's JSON {@code data}, a file's {@code content} from a contents API,
 * a Kubernetes Secret's values. Each finding inside covers the whole string (no smaller span of
 * base64 text stands for the decoded bytes), under the string's path; binary content, ids and
 * hashes that happen to use the alphabet are refused and add nothing.
 */
class Base64ContentTest {
    private static final Inspector inspector = BuiltinEngine.inspector();
    private static final String CARD = "4111 1111 1111 1111";

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The findings of {@code body} as {@code id@start-end:path}, the same under seeded random chunkings. */
    private static List<String> findings(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        List<String> whole = described(bytes, SessionRuns.Chunking.whole());
        Random rnd = new Random(0xB64 + body.length());
        for (int i = 0; i < 5; i++) {
            SessionRuns.Chunking cuts = SessionRuns.Chunking.random(rnd, bytes.length);
            assertEquals(whole, described(bytes, cuts), cuts.name());
        }
        return whole;
    }

    private static List<String> described(byte[] body, SessionRuns.Chunking chunking) {
        return SessionRuns.inspect(inspector, Direction.RESPONSE, "application/json", null, body, chunking).findings()
                .stream().map(f -> f.id() + "@" + f.start() + "-" + f.end() + ":" + f.path()).sorted().toList();
    }

    /** {@code id} over the whole string {@code value} where it first stands in {@code body}. */
    private static String over(String id, String body, String value, String path) {
        int at = body.indexOf(value);
        return id + "@" + at + "-" + (at + value.length()) + ":" + path;
    }

    @Test
    void jsonInAQueueMessageIsReadAsJson() {
        String data = b64("{\"email\":\"john.smith@acme.io\",\"card\":\"" + CARD + "\"}");
        String body = "{\"message\":{\"data\":\"" + data + "\",\"messageId\":\"2070443601311540\"}}";
        assertEquals(List.of(over("credit_card", body, data, "$.message.data.card"),
                over("email", body, data, "$.message.data.email")), findings(body));
    }

    @Test
    void aFileWithLineBreaksEveryFewCharactersIsReadAsText() {
        String env = "DB_HOST=db\nDB_PASSWORD=Xk9#mQ2vLp8zR4tw\nSTRIPE_KEY=sk_live_51HqK2L3mN4oP5qR6sT7uV8wX9yZ0aB1c\n";
        String content = Base64.getMimeEncoder(60, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(env.getBytes(StandardCharsets.US_ASCII)).replace("\n", "\\n");
        String body = "{\"name\":\".env\",\"encoding\":\"base64\",\"content\":\"" + content + "\"}";
        assertEquals(List.of(over("password_field", body, content, "$.content"),
                over("stripe_key", body, content, "$.content")), findings(body));
    }

    @Test
    void urlSafeUnpaddedAndEscapedSlashesDecode() {
        byte[] text = "ssn 123-45-6789 for jane.doe@acme.io?>".getBytes(StandardCharsets.UTF_8);
        String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(text);
        String standard = Base64.getEncoder().encodeToString(text).replace("/", "\\/");
        for (String value : List.of(urlSafe, standard)) {
            String body = "{\"note\":\"" + value + "\"}";
            assertEquals(List.of(over("email", body, value, "$.note"), over("us_ssn", body, value, "$.note")),
                    findings(body), value);
        }
    }

    @Test
    void aSecretsValuesAreJudgedByTheirKeyAndByWhatTheyHold() {
        String url = b64("postgres://app:Xk9mQ2vLp8zR4tw@db.internal:5432/app");
        String password = b64("Xk9#mQ2vLp8zR4tw");
        String body = "{\"kind\":\"Secret\",\"data\":{\"password\":\"" + password + "\",\"url\":\"" + url + "\"}}";
        assertEquals(List.of(over("basic_auth_url", body, url, "$.data.url"),
                over("password_field", body, password, "$.data.password")), findings(body));
    }

    @Test
    void whatIsNotOneBase64TextIsNotDecoded() {
        String text = "card " + CARD + " of jane.doe@acme.io";
        String valid = b64(text);
        for (String value : List.of(
                valid.substring(0, 8) + "=" + valid.substring(8),          // padding inside
                valid.substring(0, valid.length() - 1) + "A=A",            // a character after padding
                b64(text + "?>~").replace('+', '-') + "_/",                // both alphabets
                valid.substring(0, 13) + " " + valid.substring(13))) {      // a space
            assertEquals(List.of(), findings("{\"v\":\"" + value + "\"}"), value);
        }
    }

    @Test
    void aLongerStringThanTheHoldIsReadAsItIs() {
        StringBuilder text = new StringBuilder("card " + CARD + "\n");
        while (text.length() < 25_000) {
            text.append("filler line of a long log without anything in it\n");
        }
        assertEquals(List.of(), findings("{\"log\":\"" + b64(text.toString()) + "\"}"));
        String shorter = b64(text.substring(0, 20_000));
        assertEquals(1, findings("{\"log\":\"" + shorter + "\"}").size());
    }

    /** Random bytes, hex digests and ids spelt in the alphabet: none decodes to text, none adds a finding. */
    @RepeatedTest(40)
    void binaryIdsAndHashesAddNothing(RepetitionInfo info) {
        Random rnd = new Random(0x5EED0000L + info.getCurrentRepetition());
        byte[] blob = new byte[12 + rnd.nextInt(3000)];
        rnd.nextBytes(blob);
        byte[] digest = new byte[32];
        rnd.nextBytes(digest);
        StringBuilder hex = new StringBuilder();
        for (byte b : digest) {
            hex.append(String.format("%02x", b));
        }
        StringBuilder id = new StringBuilder();
        String alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < 16 + rnd.nextInt(30); i++) {
            id.append(alnum.charAt(rnd.nextInt(alnum.length())));
        }
        String body = "{\"thumbnail\":\"" + Base64.getEncoder().encodeToString(blob) + "\",\"sha256\":\"" + hex
                + "\",\"uuid\":\"" + new java.util.UUID(rnd.nextLong(), rnd.nextLong()) + "\",\"ref\":\"" + id + "\"}";
        assertEquals(List.of(), findings(body), body);
    }
}
