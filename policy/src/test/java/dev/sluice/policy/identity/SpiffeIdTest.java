package dev.sluice.policy.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpiffeIdTest {

    @Test
    void kubernetesShapedIds() {
        SpiffeId id = SpiffeId.parse("spiffe://cluster.local/ns/shop/sa/checkout");
        assertEquals("cluster.local", id.trustDomain());
        assertEquals("shop", id.namespace());
        assertEquals("checkout", id.serviceAccount());
        assertEquals("spiffe://cluster.local/ns/shop/sa/checkout", id.toString());
    }

    @Test
    void otherShapesParseButHaveNoNamespace() {
        SpiffeId id = SpiffeId.parse("SPIFFE://Example.ORG/billing/api");
        assertEquals("example.org", id.trustDomain());
        assertEquals("/billing/api", id.path());
        assertNull(id.namespace());
        assertNull(id.serviceAccount());
        assertEquals("example.org", SpiffeId.parse("spiffe://example.org").trustDomain());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "http://td/ns/a/sa/b", "spiffe://", "spiffe:///ns/a", "spiffe://td/ns//sa/b",
        "spiffe://td/ns/./sa/b", "spiffe://td/ns/../sa/b", "spiffe://td/a?b=c", "spiffe://td/a#f", "spiffe://td:8443/a",
        "spiffe://user@td/a", "spiffe://td/a/", "spiffe://td/é"})
    void invalidIdsGiveNull(String uri) {
        assertNull(SpiffeId.parse(uri));
    }

    @Test
    void overlongIdsGiveNull() {
        assertNull(SpiffeId.parse("spiffe://td/" + "a".repeat(2048)));
    }

    @Test
    void theNameRuleTurnsIdsIntoServiceNames() {
        ServiceNameRule rule = ServiceNameRule.of("{sa}.{ns}");
        assertEquals("checkout.shop", rule.apply(SpiffeId.parse("spiffe://cluster.local/ns/shop/sa/checkout")));
        assertEquals("checkout/shop@cluster.local",
                ServiceNameRule.of("{sa}/{ns}@{td}").apply(SpiffeId.parse("spiffe://cluster.local/ns/shop/sa/checkout")));
        assertEquals("example.org/billing/api", rule.apply(SpiffeId.parse("spiffe://example.org/billing/api")));
        assertEquals("checkout", rule.apply("", null, "checkout"));
    }
}
