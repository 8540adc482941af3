package dev.sluice.policy.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.policy.RandomText;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/** The header forms of Envoy's x-forwarded-client-cert documentation, and hostile input. */
class XfccParserTest {
    private static final String HASH1 = "468ed33be74eee6556d90c0149c1309e9ba61d6425303443c0748a02dd8de688";
    private static final String HASH2 = "9ba61d6425303443c0748a02dd8de688468ed33be74eee6556d90c0149c1309e";

    @Test
    void oneElementWithAQuotedSubject() {
        XfccParser.Result r = XfccParser.parse("By=http://frontend.lyft.com;Hash=" + HASH1
                + ";Subject=\"/C=US/ST=CA/L=San Francisco/OU=Lyft/CN=Test Client\";URI=http://testclient.lyft.com");
        assertFalse(r.malformed());
        XfccElement e = r.nearest();
        assertEquals("http://frontend.lyft.com", e.by());
        assertEquals(HASH1, e.hash());
        assertEquals("/C=US/ST=CA/L=San Francisco/OU=Lyft/CN=Test Client", e.subject());
        assertEquals("Test Client", e.subjectCommonName());
        assertEquals("http://testclient.lyft.com", e.uri());
    }

    @Test
    void twoElementsTheNearestProxyAddedTheLast() {
        XfccParser.Result r = XfccParser.parse("By=http://frontend.lyft.com;Hash=" + HASH1
                + ";URI=http://testclient.lyft.com,By=http://backend.lyft.com;Hash=" + HASH2
                + ";URI=http://frontend.lyft.com");
        assertEquals(2, r.elements().size());
        assertEquals("http://testclient.lyft.com", r.elements().get(0).uri());
        assertEquals("http://backend.lyft.com", r.nearest().by());
        assertEquals("http://frontend.lyft.com", r.nearest().uri());
    }

    @Test
    void repeatedDnsKeysAreAllKept() {
        XfccElement e = XfccParser.parse("By=http://frontend.lyft.com;Hash=" + HASH1
                + ";Subject=\"/C=US/ST=CA/L=San Francisco/OU=Lyft/CN=Test Client\";URI=http://testclient.lyft.com;"
                + "DNS=lyft.com;DNS=www.lyft.com").nearest();
        assertEquals(List.of("lyft.com", "www.lyft.com"), e.dns());
    }

    @Test
    void urlEncodedCertificateAndChain() {
        String cert = "-----BEGIN%20CERTIFICATE-----%0aMIIDqDCCAxGgAwIBAgIBATAN%0a-----END%20CERTIFICATE-----%0a";
        XfccElement e = XfccParser.parse("By=http://frontend.lyft.com;Hash=" + HASH1 + ";Cert=\"" + cert
                + "\";Chain=\"" + cert + cert + "\";URI=http://testclient.lyft.com").nearest();
        assertEquals(cert, e.cert());
        assertEquals(cert + cert, e.chain());
        assertEquals("http://testclient.lyft.com", e.uri());
        assertFalse(e.toString().contains("MIID"), "toString shows certificates by length only");
    }

    @Test
    void escapedQuotesAndCommasInsideQuotedValues() {
        XfccParser.Result r = XfccParser.parse("By=spiffe://cluster.local/ns/a/sa/b;"
                + "Subject=\"CN=Acme\\, Inc,O=\\\"Big\\\" Co; Ltd\";URI=spiffe://cluster.local/ns/shop/sa/checkout,"
                + "By=spiffe://cluster.local/ns/shop/sa/ledger;URI=spiffe://cluster.local/ns/shop/sa/web");
        assertFalse(r.malformed());
        assertEquals(2, r.elements().size());
        assertEquals("CN=Acme, Inc,O=\"Big\" Co; Ltd", r.elements().get(0).subject());
        assertEquals("spiffe://cluster.local/ns/shop/sa/web", r.nearest().uri());
    }

    @Test
    void rfc2253SubjectCommonName() {
        XfccElement e = XfccParser.parse("Subject=\"CN=billing,OU=Payments,O=Acme\"").nearest();
        assertEquals("billing", e.subjectCommonName());
    }

    @Test
    void keysAreCaseInsensitiveAndUnknownKeysSkipped() {
        XfccElement e = XfccParser.parse(" by=x ; uri = spiffe://td/ns/a/sa/b ; Future=1").nearest();
        assertEquals("x", e.by());
        assertEquals("spiffe://td/ns/a/sa/b", e.uri());
    }

    @Test
    void unterminatedQuoteKeepsEarlierElementsAndSaysMalformed() {
        XfccParser.Result r = XfccParser.parse("URI=spiffe://td/ns/a/sa/first,Subject=\"CN=x;URI=spiffe://td/ns/a/sa/b");
        assertTrue(r.malformed());
        assertEquals(1, r.elements().size());
        assertEquals("spiffe://td/ns/a/sa/first", r.nearest().uri());
    }

    @Test
    void emptyAndOversizedHeaders() {
        assertNull(XfccParser.parse(null).nearest());
        assertNull(XfccParser.parse("  ").nearest());
        assertNull(XfccParser.parse(",,,").nearest());
        XfccParser.Result big = XfccParser.parse("URI=" + "a".repeat(XfccParser.MAX_HEADER));
        assertTrue(big.malformed());
        assertNull(big.nearest());
    }

    @Test
    void onlyTheLastElementsAreKept() {
        StringBuilder h = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            h.append(i == 0 ? "" : ",").append("URI=spiffe://td/ns/n/sa/s").append(i);
        }
        XfccParser.Result r = XfccParser.parse(h.toString());
        assertEquals(XfccParser.MAX_ELEMENTS, r.elements().size());
        assertEquals("spiffe://td/ns/n/sa/s99", r.nearest().uri());
    }

    @RepeatedTest(10)
    void neverThrowsOnGarbage(RepetitionInfo info) {
        Random rnd = new Random(15485863L * info.getCurrentRepetition());
        String alphabet = "ab=;,\"\\ /:URIDNSBy";
        for (int n = 0; n < 2000; n++) {
            XfccParser.Result r = XfccParser.parse(RandomText.of(rnd, alphabet, 0, 60));
            assertTrue(r.elements().size() <= XfccParser.MAX_ELEMENTS);
        }
    }
}
