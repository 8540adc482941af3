package dev.sluice.standalone.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.policy.identity.BoundedNames;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetricLabelsTest {

    @ParameterizedTest
    @CsvSource({
        "checkout, true", "checkout.payments, true", "a-b_c.d, true", "unknown, true", "v2, true",
        "10.0.0.1, false", "12345, false", "'::1', false", "2001:db8::1, false", "/v1/users, false",
        "alice@example.com, false", "a b, false", "'', false", "é, false", "a=b, false", "x?y, false",
        "Checkout, false", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.sig, false", "AKIAIOSFODNN7EXAMPLE, false",
        "ghp_0123456789abcdef0123456789abcdef0123, false", "d41d8cd98f00b204e9800998ecf8427e, true",
        "da39a3ee5e6b4b0d3255bfef95601890afd80709, false",
    })
    void onlyNameShapedValuesMayTakeAPlace(String value, boolean isName) {
        assertEquals(isName, LabelShape.isName(value));
    }

    @Test
    void aNameLongerThanSixtyFourIsNotAName() {
        assertEquals(true, LabelShape.isName("a".repeat(32) + "-" + "b".repeat(31)));
        assertEquals(false, LabelShape.isName("a".repeat(65)));
    }

    @Test
    void knownSetsAndReloadsDecideEachLabel() {
        MetricLabels labels = MetricLabels.of(List.of("credit_card", "attack.sqli"), List.of("users"),
                List.of("card-harvest"), new BoundedNames(Set.of("web"), 1));
        assertEquals("credit_card", labels.detector("credit_card"));
        assertEquals("attack.sqli", labels.detector("attack.sqli"));
        assertEquals("other", labels.detector("made_up"));
        assertEquals("unknown", labels.detector(null));
        assertEquals("users", labels.route("users"));
        assertEquals("default", labels.route("default"));
        assertEquals("other", labels.route("payments"));
        assertEquals("card-harvest", labels.budget("card-harvest"));
        assertEquals("other", labels.budget("pii-scrape"));
        assertEquals("web", labels.service("web"));
        assertEquals("unknown", labels.service(""));
        assertEquals("billing", labels.service("billing"));
        assertEquals("other", labels.service("search"));
        labels.update(List.of("email"), List.of("payments"), List.of("pii-scrape"), new BoundedNames(Set.of(), 0));
        assertEquals("other", labels.detector("credit_card"));
        assertEquals("payments", labels.route("payments"));
        assertEquals("other", labels.route("users"));
        assertEquals("pii-scrape", labels.budget("pii-scrape"));
        assertEquals("other", labels.service("web"));
    }
}
