package dev.sluice.policy.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.matchers.Direction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RouteKeyTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/cards?limit=10|/cards",
        "/a/./b|/a/b",
        "/health/../cards|/cards",
        "/../../cards|/cards",
        "//cards//export|/cards/export",
        "/%63ards|/cards",
        "/health/%2e%2E/cards|/cards",
        "/%zz/%4|/%zz/%4",
        "/a%2Fb|/a%2Fb",
        "/a/b/|/a/b/",
        "cards|/cards",
        "/a/b/.|/a/b/",
        "/a\\b|/a/b",
        "/x#frag|/x",
        "/cards;jsessionid=1/export|/cards/export",
        "/public/..;/cards|/cards",
        "/public/..;x=1/..;/cards;v=2|/cards",
        "/cards/;/1|/cards/1",
        "/a;b|/a",
        "/a%3Bb/c|/a%3Bb/c",
        "http://h.example/health/../cards?q|/cards",
        "HTTPS://h.example|/",
        "http://h.example?x=1|/",
        "x://|/",
    })
    void pathsAreNormalisedAsTheUpstreamWouldResolveThem(String target, String expected) {
        assertEquals(expected, RouteKey.http("h", target, "GET", Direction.REQUEST).path());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/static/..%2Fapi/users|/static/..%2Fapi/users|/api/users",
        "/static/..%2fapi/users|/static/..%2fapi/users|/api/users",
        "/static/..%5Capi/users|/static/..%5Capi/users|/api/users",
        "/v1%2Fcards/1|/v1%2Fcards/1|/v1/cards/1",
        "/a%2F%2Fb|/a%2F%2Fb|/a/b",
        "/a/%2e%2e%2Fb|/a/..%2Fb|/b",
        "/projects/group%2Fproject/issues|/projects/group%2Fproject/issues|/projects/group/project/issues",
        "/cards?next=%2Fadmin|/cards|/cards",
        "/cards#%2F..|/cards|/cards",
        "http://h.example/x/..%2Fcards|/x/..%2Fcards|/cards",
        "/%2|/%2|/%2",
        "/a%252Fb|/a%252Fb|/a%252Fb",
    })
    void encodedSlashesHaveTwoReadings(String target, String kept, String decoded) {
        RouteKey k = RouteKey.http("h", target, "GET", Direction.REQUEST);
        assertEquals(kept, k.path());
        assertEquals(decoded, k.slashPath());
        assertEquals(kept, k.reading(EscapedSlashes.KEEP).path());
        assertEquals(decoded, k.reading(EscapedSlashes.DECODE).path());
    }

    @Test
    void aPathWithoutEncodedSlashesIsItsOwnReading() {
        RouteKey k = RouteKey.http("h", "/cards/%41/1", "GET", Direction.REQUEST);
        assertSame(k, k.reading(EscapedSlashes.DECODE));
        assertEquals(k.path(), k.slashPath());
    }

    @Test
    void hostDropsPortCaseAndTrailingDot() {
        assertEquals("api.acme.io", RouteKey.http("API.Acme.io.:8443", "/", "get", Direction.REQUEST).host());
        assertEquals("[::1]", RouteKey.http("[::1]:8080", "/", "get", Direction.REQUEST).host());
        assertEquals("GET", RouteKey.http("h", "/", "get", Direction.REQUEST).method());
    }

    @Test
    void grpcTargetsGiveServiceAndMethod() {
        RouteKey k = RouteKey.grpc("h", "/acme.pay.v1.Payments/Charge", null, null, Direction.RESPONSE);
        assertEquals("acme.pay.v1.Payments", k.grpcService());
        assertEquals("Charge", k.grpcMethod());
        assertNull(RouteKey.grpc("h", "/not-grpc", null, null, Direction.RESPONSE).grpcService());
    }

    @Test
    void anEncodedSlashIsFoundAndUnescapedInThePathOnly() {
        assertTrue(EscapedSlashes.in("/a%2fb"));
        assertTrue(EscapedSlashes.in("http://h/a%5Cb"));
        assertFalse(EscapedSlashes.in("/a/b?next=%2F"));
        assertFalse(EscapedSlashes.in("/a%2"));
        assertEquals("/a/b\\c/d?next=%2F#%5C", EscapedSlashes.unescape("/a%2Fb%5cc%2fd?next=%2F#%5C"));
        assertEquals("/plain?x=%2F", EscapedSlashes.unescape("/plain?x=%2F"));
        assertEquals("/a%2", EscapedSlashes.unescape("/a%2"));
    }
}
