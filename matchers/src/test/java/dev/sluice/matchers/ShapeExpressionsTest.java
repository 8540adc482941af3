package dev.sluice.matchers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Expressions written for Hyperscan's speed still find what they stand for. IPv6: the three
 * textual forms of RFC 4291 section 2.2 (eight groups, six groups with an IPv4 tail, '::'
 * compression), not clock times or other colon runs. Cards: every printed form of the brands
 * the validator knows, also right after an unrelated digit. Phones: the national forms found
 * without a keyword.
 */
class ShapeExpressionsTest {
    /** One engine for the class; JUnit closes it (and its native databases) after the last test. */
    @AutoClose
    private static final MatchEngine engine = MatchEngine.builtin();

    @ParameterizedTest
    @ValueSource(strings = {"2001:0db8:85a3:0000:0000:8a2e:0370:7334", "2001:db8:85a3:0:0:8a2e:370:7334",
        "2001:db8::1", "fe80::1ff:fe23:4567:890a", "2001:db8:4b6f:3e7e::d1ed", "::ffff:192.0.2.128",
        "64:ff9b::192.0.2.33", "0:0:0:0:0:ffff:192.0.2.1", "2001:db8:0:0:1::1", "2001:db8::", "fe80::",
        "2001:db8:85a3::"})
    void everyFormIsFoundWhole(String address) {
        String text = "client " + address + " connected";
        assertEquals(List.of("ip_address " + address), found(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2400:c401::5054:ff:fe1b:b031", "2001:db8:85a3::8a2e:370:7334", "fe80::1ff:fe23:4567:890a"})
    void aLongCompressedAddressIsFoundBeforeAFullStopOrAPort(String address) {
        assertEquals(List.of("ip_address " + address), found("Server IP: " + address + "."));
        assertEquals(List.of("ip_address " + address), found("listening on " + address + ": ready"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2001:db8::256.1.1.1", "::ffff:0.0.0.0", "2001:db8::1.2"})
    void anIpv4TailThatDoesNotParseSpoilsTheAddress(String text) {
        assertEquals(List.of(), found("peer " + text + " seen"), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+55 11 98456 5666", "+91 4155550132", "+49 30 1234567", "+30 21 0 1234567", "+91 4155 550132",
        "+1 415 555 0132", "+44 20 7946 0123"})
    void internationalNumbersKeepTheirCountrysGroups(String phone) {
        String text = "call " + phone + " today";
        assertEquals(List.of("phone_number " + phone), found(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"score +3 12", "offset +12 345", "a +0530 1234567 b", "tz +0100 20240115"})
    void aPlusBeforeAFewDigitsIsNoPhone(String text) {
        assertEquals(List.of(), found(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ivan@почта.xn--p1ai", "a@xn--d1acufc.xn--p1ai", "hans@xn--bcher-kva.xn--tckwe"})
    void anInternationalisedDomainInItsAsciiFormIsAMailbox(String text) {
        String address = text.replace("почта", "xn--80a1acny");
        assertEquals(List.of("email " + address), found("write to " + address + " now"), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"at 19:31:00 today", "2025-12-12T19:31:00Z", "ratio 12:34:56:78", "std::vector<int>",
        "a:b:c", "de:ad:be:ef", "Foo::Bar::baz()", "at 12:30:: sharp", "::", "deadbeef::"})
    void otherColonRunsAreNotAddresses(String text) {
        assertEquals(List.of(), found(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111", "5555 5555 5555 4444",
        "3782 822463 10005", "378282246310005", "3056 930902 5904", "6011 1111 1111 1117", "3530 1113 3330 0000",
        "2221 0000 0000 0009", "4222222222222"})
    void cardsInTheirPrintedFormsAreFound(String card) {
        String text = "card " + card + " on file";
        assertEquals(List.of("credit_card " + card), found(text), text);
        String afterDigit = "1 " + card;
        assertEquals(List.of("credit_card " + card), found(afterDigit), afterDigit);
    }

    @ParameterizedTest
    @ValueSource(strings = {"07700 900790", "01632 960123", "020 7946 0123", "0161 496 0123", "01 99 00 12 34",
        "212-555-0147", "1-800-555-0199", "1.212.555.0147"})
    void nationalPhoneFormsAreFoundWithoutAKeyword(String phone) {
        String text = "reach her at " + phone + " after six";
        assertEquals(List.of("phone_number " + phone), found(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"order 07700900790 shipped", "ref 07700 9007901", "id 0123 456789",
        "ref 11-212-555-0147", "build 2021-212-555-0147", "v1-212-555-0147"})
    void digitRunsOutsideThoseFormsAreNotPhones(String text) {
        assertEquals(List.of(), found(text), text);
    }

    private static List<String> found(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        try (ScanSession s = engine.newSession(Direction.RESPONSE,
                m -> out.add(m.id() + " " + text.substring((int) m.start(), (int) m.end())))) {
            s.beginValue(new FieldContext().key("log"));
            s.verbatim(b, 0, b.length, 0);
            s.endValue();
        }
        return out;
    }
}
