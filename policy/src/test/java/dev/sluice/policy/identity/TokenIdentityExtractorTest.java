package dev.sluice.policy.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.matchers.ValueHasher;
import dev.sluice.policy.RandomText;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TokenIdentityExtractorTest {
    static final ValueHasher KEY = ValueHasher.withKey("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    static final ValueHasher OTHER_KEY = ValueHasher.withKey("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII));

    static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static String jwt(String header, String payload) {
        return b64(header) + "." + b64(payload) + ".c2lnbmF0dXJlLWJ5dGVz";
    }

    private static TokenIdentityExtractor extractor(List<String> claims, boolean issuer) {
        return new TokenIdentityExtractor(List.of("X-Api-Key"), List.of("session"), claims, issuer, KEY);
    }

    private static TokenIdentity bearer(TokenIdentityExtractor x, String token) {
        return x.extract(HeaderLookup.of(Map.of("Authorization", "Bearer " + token)));
    }

    private static String hashOf(String token, ValueHasher h) {
        byte[] b = token.getBytes(StandardCharsets.UTF_8);
        return "h:" + h.hash(b, 0, b.length).substring(0, 16);
    }

    @Test
    void jwtIsNamedByTheFirstConfiguredClaimItHas() {
        TokenIdentityExtractor x = extractor(List.of("sub", "client_id", "azp"), false);
        assertEquals(new TokenIdentity(TokenIdentity.Kind.JWT_CLAIM, "sub=alice"),
                bearer(x, jwt("{\"alg\":\"RS256\"}", "{\"sub\":\"alice\",\"client_id\":\"web\"}")));
        assertEquals(new TokenIdentity(TokenIdentity.Kind.JWT_CLAIM, "client_id=batch-job"),
                bearer(x, jwt("{\"alg\":\"ES256\",\"kid\":\"k1\"}", "{\"client_id\":\"batch-job\",\"scope\":[\"a\"]}")));
        assertEquals("azp=spa", bearer(x, jwt("{\"alg\":\"none\"}", "{\"azp\":\"spa\",\"nested\":{\"sub\":\"x\"}}")).value());
        assertEquals("sub=42", bearer(x, jwt("{\"alg\":\"HS256\"}", "{\"sub\":42}")).value());
    }

    @Test
    void jwtIssuerCanQualifyTheClaim() {
        TokenIdentityExtractor x = extractor(List.of("sub"), true);
        assertEquals("iss=https://idp.example;sub=alice",
                bearer(x, jwt("{\"alg\":\"RS256\"}", "{\"iss\":\"https://idp.example\",\"sub\":\"alice\"}")).value());
        assertEquals("sub=alice", bearer(x, jwt("{\"alg\":\"RS256\"}", "{\"sub\":\"alice\"}")).value());
    }

    @Test
    void claimValuesAreCutAndControlCharactersReplaced() {
        TokenIdentityExtractor x = extractor(List.of("sub"), false);
        assertEquals("sub=a?b", bearer(x, jwt("{\"alg\":\"RS256\"}", "{\"sub\":\"a\\nb\"}")).value());
        String longSub = "s".repeat(300);
        assertEquals(4 + TokenIdentityExtractor.MAX_CLAIM,
                bearer(x, jwt("{\"alg\":\"RS256\"}", "{\"sub\":\"" + longSub + "\"}")).value().length());
    }

    static List<String> malformed() {
        String payload = b64("{\"sub\":\"alice\"}");
        return List.of(
                "not-a-jwt",
                "a.b",
                b64("{\"alg\":\"RS256\"}") + "." + payload,
                b64("{\"typ\":\"JWT\"}") + "." + payload + ".sig",
                b64("{\"alg\":\"RS256\"}") + ".***." + "sig",
                b64("{\"alg\":\"RS256\"}") + "." + b64("[1,2]") + ".sig",
                b64("{\"alg\":\"RS256\"}") + "." + b64("{\"sub\":") + ".sig",
                b64("{\"alg\":\"RS256\"}") + "." + b64("{\"sub\":\"alice\"") + ".sig",
                b64("\"alg\"") + "." + payload + ".sig",
                b64("{\"alg\":\"RS256\"}") + ".." + "sig",
                b64("{\"alg\":\"RSA-OAEP\"}") + ".a.b.c.d",
                b64("{\"alg\":\"RS256\"}") + "." + "A".repeat(JwtClaimReader.MAX_SEGMENT + 4) + ".sig",
                b64("{\"alg\":\"RS256\"}") + "." + "abcde" + ".sig",
                b64("{\"alg\":\"RS256\"}") + "." + b64("{\"other\":\"x\"}") + ".sig");
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedJwtsFallBackToTheKeyedHash(String token) {
        TokenIdentity id = bearer(extractor(List.of("sub", "client_id"), false), token);
        assertEquals(new TokenIdentity(TokenIdentity.Kind.KEYED_HASH, hashOf(token, KEY)), id);
    }

    @Test
    void opaqueTokensHashStablyUnderOneKeyOnly() {
        String token = "opaque-8f14e45fceea167a5a36dedd4bea2543";
        TokenIdentity a = bearer(extractor(List.of("sub"), false), token);
        assertTrue(a.value().matches("h:[0-9a-f]{16}"), a.value());
        assertEquals(a, bearer(extractor(List.of("sub"), false), token));
        TokenIdentity b = new TokenIdentityExtractor(List.of(), List.of(), List.of("sub"), false, OTHER_KEY).identify(token);
        assertNotEquals(a, b);
        assertNotEquals(a, bearer(extractor(List.of("sub"), false), token + "x"));
    }

    @Test
    void noClaimsConfiguredMeansEveryTokenIsHashed() {
        String token = jwt("{\"alg\":\"RS256\"}", "{\"sub\":\"alice\"}");
        assertEquals(TokenIdentity.Kind.KEYED_HASH, bearer(extractor(List.of(), false), token).kind());
    }

    @Test
    void configuredHeadersAndCookiesAfterAuthorization() {
        TokenIdentityExtractor x = extractor(List.of("sub"), false);
        assertEquals(hashOf("k-123", KEY), x.extract(HeaderLookup.of(Map.of("x-api-key", "k-123"))).value());
        assertEquals(hashOf("k-123", KEY), x.extract(HeaderLookup.of(Map.of("x-api-key", "Bearer k-123"))).value());
        assertEquals(hashOf("s-9", KEY), x.extract(HeaderLookup.of(Map.of("cookie", "theme=dark; session=\"s-9\"; x=y"))).value());
        assertEquals(hashOf("a-1", KEY), x.extract(HeaderLookup.of(Map.of("authorization", "bearer a-1",
                "x-api-key", "k-123", "cookie", "session=s-9"))).value());
    }

    @Test
    void noTokenOrANonBearerSchemeIsNone() {
        TokenIdentityExtractor x = extractor(List.of("sub"), false);
        assertEquals(TokenIdentity.NONE, x.extract(HeaderLookup.NONE));
        assertEquals(TokenIdentity.NONE, x.extract(HeaderLookup.of(Map.of("authorization", "Basic dXNlcjpwYXNz"))));
        assertEquals(TokenIdentity.NONE, x.extract(HeaderLookup.of(Map.of("authorization", "Bearer "))));
        assertEquals(TokenIdentity.NONE, x.extract(HeaderLookup.of(Map.of("cookie", "sessionx=1; other=2"))));
        assertFalse(TokenIdentity.NONE.isPresent());
    }

    @RepeatedTest(10)
    void neverThrowsOnGarbageTokens(RepetitionInfo info) {
        Random rnd = new Random(32452843L * info.getCurrentRepetition());
        TokenIdentityExtractor x = extractor(List.of("sub"), true);
        String alphabet = "eyJhbGciOi.-_=+/{}\"\\:é\u0000";
        for (int n = 0; n < 2000; n++) {
            TokenIdentity id = x.identify(RandomText.of(rnd, alphabet, 1, 81));
            assertTrue(id.isPresent());
        }
    }
}
