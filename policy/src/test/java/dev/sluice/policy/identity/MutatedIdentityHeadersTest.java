package dev.sluice.policy.identity;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * The headers identity is read from are the client's to write: {@code Authorization} (a JWT whose
 * claims are read unverified), a token cookie, {@code x-forwarded-client-cert} and the SPIFFE IDs
 * in it. Seeded random breakage of well-formed values (characters changed or inserted, ranges
 * dropped or doubled, base64 segments swapped for JSON that is deep, long or of the wrong types)
 * must never throw, and an identity must stay short and free of control characters, since it
 * becomes a metric label and an event field.
 */
class MutatedIdentityHeadersTest {
    private static final TokenIdentityExtractor TOKENS = new TokenIdentityExtractor(List.of("X-Api-Key"),
            List.of("session"), List.of("sub", "client_id"), true, TokenIdentityExtractorTest.KEY);
    private static final String XFCC = "By=spiffe://cluster.local/ns/shop/sa/api;Hash=abc123;"
            + "Subject=\"CN=client,O=Acme\";URI=spiffe://cluster.local/ns/shop/sa/web;DNS=web.shop;DNS=web";
    private static final String[] PIECES = {"\"", "\\", ",", ";", "=", "%", "\u0000", "\n", "\u00e9", "\ud83d\ude00",
        ".", "..", "=", "==", "-", "_", "+", "/", " ", "Bearer ", "spiffe://", "URI=", "By=", "DNS="};
    private static final String[] PAYLOADS = {"{\"sub\":\"alice\",\"iss\":\"https://idp\"}", "{\"sub\":123}",
        "{\"sub\":null,\"client_id\":[1,2]}", "{\"sub\":{\"a\":{\"b\":{}}}}", "[\"sub\"]", "{\"sub\":\"" + "x".repeat(5000) + "\"}",
        "{\"sub\":\"\\u0000\\n\\u001b[31m\"}", "{" + "\"a\":{".repeat(3000), "{\"sub\":\"a\",\"sub\":\"b\"}", "not json"};

    @RepeatedTest(value = 300, name = "mutant {currentRepetition}")
    void brokenIdentityHeadersNeverThrowAndStayShort(RepetitionInfo info) {
        int campaign = Integer.getInteger("sluice.mutants", 0);
        int per = campaign <= 0 ? 1 : Math.max(1, campaign / info.getTotalRepetitions());
        for (int k = 0; k < per; k++) {
            long seed = 0x1d_0000L + (long) info.getCurrentRepetition() * 1_000_003L + k;
            Random random = new Random(seed);
            String jwt = jwt(random);
            Map<String, String> headers = Map.of("authorization", mutate(random, "Bearer " + jwt),
                    "x-api-key", mutate(random, jwt), "cookie", mutate(random, "a=b; session=\"" + jwt + "\"; c=d"));
            TokenIdentity id = TOKENS.extract(HeaderLookup.of(random.nextBoolean() ? headers
                    : Map.of("cookie", headers.get("cookie"))));
            assertNotNull(id, "seed " + seed);
            assertTrue(id.value().length() <= 2 * TokenIdentityExtractor.MAX_CLAIM + 16, "seed " + seed + ": long " + id);
            assertFalse(id.value().chars().anyMatch(Character::isISOControl), "seed " + seed + ": control in " + id);

            XfccParser.Result xfcc = XfccParser.parse(mutate(random, XFCC + "," + XFCC));
            for (XfccElement e : xfcc.elements()) {
                SpiffeId.parse(e.uri());
                SpiffeId.parse(e.by());
            }
            SpiffeId.parse(mutate(random, "spiffe://cluster.local/ns/shop/sa/web"));
        }
    }

    private static String jwt(Random random) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(PAYLOADS[random.nextInt(PAYLOADS.length)].getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".c2lnbmF0dXJl";
    }

    private static String mutate(Random random, String text) {
        String t = text;
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            int at = random.nextInt(t.length() + 1);
            t = switch (random.nextInt(5)) {
                case 0, 1 -> t.substring(0, at) + PIECES[random.nextInt(PIECES.length)] + t.substring(at);
                case 2 -> t.substring(0, at) + t.substring(Math.min(t.length(), at + 1 + random.nextInt(20)));
                case 3 -> t.substring(0, at) + t.substring(at, Math.min(t.length(), at + random.nextInt(40))) + t.substring(at);
                default -> t.isEmpty() ? t : t.substring(0, Math.min(at, t.length() - 1)) + (char) random.nextInt(0x3000)
                        + t.substring(Math.min(at, t.length() - 1) + 1);
            };
        }
        return t;
    }
}
