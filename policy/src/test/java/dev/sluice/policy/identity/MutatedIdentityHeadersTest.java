package dev.sluice.policy.identity;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.testing.Mutants;
import dev.sluice.testing.TextMutations;
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
    private static final List<String> PIECES = List.of("\"", "\\", ",", ";", "=", "%", "\u0000", "\n", "\u00e9", "\ud83d\ude00",
        ".", "..", "=", "==", "-", "_", "+", "/", " ", "Bearer ", "spiffe://", "URI=", "By=", "DNS=");
    private static final String[] PAYLOADS = {"{\"sub\":\"alice\",\"iss\":\"https://idp\"}", "{\"sub\":123}",
        "{\"sub\":null,\"client_id\":[1,2]}", "{\"sub\":{\"a\":{\"b\":{}}}}", "[\"sub\"]", "{\"sub\":\"" + "x".repeat(5000) + "\"}",
        "{\"sub\":\"\\u0000\\n\\u001b[31m\"}", "{" + "\"a\":{".repeat(3000), "{\"sub\":\"a\",\"sub\":\"b\"}", "not json"};

    @RepeatedTest(value = 300, name = "mutant {currentRepetition}")
    void brokenIdentityHeadersNeverThrowAndStayShort(RepetitionInfo info) {
        for (long seed : Mutants.seeds(0x1d_0000L, info.getCurrentRepetition(), info.getTotalRepetitions(), 1)) {
            Random random = new Random(seed);
            String jwt = jwt(random);
            Map<String, String> headers = Map.of("authorization", broken(random, "Bearer " + jwt),
                    "x-api-key", broken(random, jwt), "cookie", broken(random, "a=b; session=\"" + jwt + "\"; c=d"));
            TokenIdentity id = TOKENS.extract(HeaderLookup.of(random.nextBoolean() ? headers
                    : Map.of("cookie", headers.get("cookie"))));
            assertNotNull(id, "seed " + seed);
            assertTrue(id.value().length() <= 2 * TokenIdentityExtractor.MAX_CLAIM + 16, "seed " + seed + ": long " + id);
            assertFalse(id.value().chars().anyMatch(Character::isISOControl), "seed " + seed + ": control in " + id);

            XfccParser.Result xfcc = XfccParser.parse(broken(random, XFCC + "," + XFCC));
            for (XfccElement e : xfcc.elements()) {
                SpiffeId.parse(e.uri());
                SpiffeId.parse(e.by());
            }
            SpiffeId.parse(broken(random, "spiffe://cluster.local/ns/shop/sa/web"));
        }
    }

    private static String jwt(Random random) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(PAYLOADS[random.nextInt(PAYLOADS.length)].getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".c2lnbmF0dXJl";
    }

    /** {@code value} broken up to three times; now and then left whole, as most headers are. */
    private static String broken(Random random, String value) {
        return TextMutations.mutate(random, value, PIECES, false);
    }
}
