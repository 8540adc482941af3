package dev.sluice.standalone.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.inspector.Outcome;
import dev.sluice.matchers.Category;
import dev.sluice.matchers.Direction;
import dev.sluice.policy.Action;
import dev.sluice.policy.Mode;
import dev.sluice.policy.identity.TokenIdentity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class ExchangeEventTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HASH = "0123456789abcdef0123456789abcdef";

    private static JsonNode parse(ExchangeEvent e) throws Exception {
        String line = e.toJson();
        assertFalse(line.contains("\n") || line.contains("\r"), line);
        return JSON.readTree(line);
    }

    @Test
    void anEventHasEveryDesignedFieldInAFixedOrder() throws Exception {
        ExchangeEvent e = ExchangeEvent.builder("ex-42", Direction.RESPONSE)
                .time(Instant.parse("2026-03-04T05:06:07.089123Z"))
                .mode(Mode.DETECT)
                .route("users")
                .sourceService("web")
                .destinationService("checkout")
                .token(new TokenIdentity(TokenIdentity.Kind.JWT_CLAIM, "sub=alice"))
                .method("GET")
                .requestTarget("/v1/users/7?access_token=s3cr3t#frag")
                .correlation("5f1c-aa", null)
                .status(200)
                .action(ExchangeAction.REDACT)
                .delivery(Delivery.FORWARDED)
                .outcome(Outcome.COMPLETE)
                .finding(EventFinding.of("credit_card", Category.PII, "$.card", HASH, "4111********1111", Action.REDACT)
                        .decidedBy("routes[users].response.credit_card"))
                .build();
        JsonNode n = parse(e);
        List<String> fields = new ArrayList<>();
        n.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("time", "exchangeId", "requestId", "traceId", "direction", "mode", "route", "sourceService",
                "destinationService", "token", "method", "path", "status", "action", "delivery", "reason", "outcome",
                "findings", "findingsDropped"), fields);
        assertEquals("5f1c-aa", n.get("requestId").asText());
        assertTrue(n.get("traceId").isNull(), "no traceparent: null, the field still there");
        assertEquals("2026-03-04T05:06:07.089Z", n.get("time").asText());
        assertEquals("ex-42", n.get("exchangeId").asText());
        assertEquals("response", n.get("direction").asText());
        assertEquals("detect", n.get("mode").asText());
        assertEquals("users", n.get("route").asText());
        assertEquals("web", n.get("sourceService").asText());
        assertEquals("checkout", n.get("destinationService").asText());
        assertEquals("jwt_claim", n.get("token").get("kind").asText());
        assertEquals("sub=alice", n.get("token").get("id").asText());
        assertEquals("GET", n.get("method").asText());
        assertEquals("/v1/users/7", n.get("path").asText());
        assertEquals(200, n.get("status").asInt());
        assertEquals("redact", n.get("action").asText());
        assertEquals("forwarded", n.get("delivery").asText()); // detect mode: nothing carried out
        assertEquals("", n.get("reason").asText());
        assertEquals("complete", n.get("outcome").asText());
        JsonNode f = n.get("findings").get(0);
        List<String> findingFields = new ArrayList<>();
        f.fieldNames().forEachRemaining(findingFields::add);
        assertEquals(List.of("id", "category", "path", "count", "valueHash", "preview", "action", "rule"), findingFields);
        assertEquals("routes[users].response.credit_card", f.get("rule").asText());
        assertEquals("credit_card", f.get("id").asText());
        assertEquals("pii", f.get("category").asText());
        assertEquals("$.card", f.get("path").asText());
        assertEquals(1, f.get("count").asInt());
        assertEquals(HASH, f.get("valueHash").asText());
        assertEquals("4111********1111", f.get("preview").asText());
        assertEquals("redact", f.get("action").asText());
        assertEquals(0, n.get("findingsDropped").asInt());
        assertFalse(e.toJson().contains("s3cr3t"));
    }

    @Test
    void aBlockedRequestWithoutTokenOrStatusHasNullTokenAndStatusZero() throws Exception {
        JsonNode n = parse(ExchangeEvent.builder("b1", Direction.REQUEST).action(ExchangeAction.BLOCK)
                .reason("detector:attack.sqli").build());
        assertTrue(n.get("token").isNull());
        assertEquals(0, n.get("status").asInt());
        assertEquals("detector:attack.sqli", n.get("reason").asText());
        assertEquals("default", n.get("route").asText());
        assertEquals("unknown", n.get("sourceService").asText());
        assertFalse(n.has("outcome"));
        assertEquals(0, n.get("findings").size());
    }

    @Test
    void escapingKeepsOneLineAndRoundTripsWhateverTheClientWrote() throws Exception {
        String path = "/a\"b\\c\n\r\t\u0000\u001f\u2028é😀</script>";
        String fieldPath = "$[\"x\ny\"].\"}\",\"forged\":\"";
        ExchangeEvent e = ExchangeEvent.builder("e", Direction.REQUEST).requestTarget(path)
                .finding(EventFinding.of("email", Category.PII, fieldPath, HASH, "ab****yz", Action.ALERT)).build();
        String line = e.toJson();
        for (int i = 0; i < line.length(); i++) {
            assertTrue(line.charAt(i) >= 0x20 && line.charAt(i) < 0x7f, "not printable ASCII at " + i + ": " + line);
        }
        JsonNode n = JSON.readTree(line);
        assertEquals(path, n.get("path").asText());
        assertEquals(fieldPath, n.get("findings").get(0).get("path").asText());
        assertFalse(n.has("forged"));
    }

    @Test
    void theQueryAndFragmentNeverReachTheLog() {
        for (String target : List.of("/login?password=hunter2", "/x#hunter2", "/?hunter2", "?hunter2",
                "http://host/p?k=hunter2")) {
            ExchangeEvent e = ExchangeEvent.builder("q", Direction.REQUEST).requestTarget(target).build();
            assertFalse(e.toJson().contains("hunter2"), target);
        }
        assertEquals("http://host/p", ExchangeEvent.builder("q", Direction.REQUEST)
                .requestTarget("http://host/p?k=1").build().path());
    }

    @Test
    void aValueCannotBeSmuggledThroughThePreviewOrTheHash() {
        EventFinding raw = EventFinding.of("aws_secret_access_key", Category.SECRET, "$.k", "wJalrXUtnFEMI/K7MDENG",
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", Action.ALERT);
        assertEquals("***", raw.preview());
        assertEquals("", raw.valueHash());
        assertEquals("***", EventFinding.of("x", Category.PII, "", HASH, "secret*", Action.ALERT).preview());
        assertEquals("***", EventFinding.of("x", Category.PII, "", HASH, "a\n*", Action.ALERT).preview());
        assertEquals("***", EventFinding.of("x", Category.PII, "", HASH, null, Action.ALERT).preview());
        for (String ok : List.of("4111********1111", "ab****yz", "**", "*")) {
            assertEquals(ok, EventFinding.of("x", Category.PII, "", HASH, ok, Action.ALERT).preview());
        }
        for (String bad : List.of("4111**1111111", "abc***xyz", "*a*", "41111*****1111", "1111*", "a" + "*".repeat(17) + "b",
                "ab**yz**")) {
            assertEquals("***", EventFinding.of("x", Category.PII, "", HASH, bad, Action.ALERT).preview(), bad);
        }
        assertEquals("", EventFinding.of("x", Category.PII, "", HASH.toUpperCase(), "**", Action.ALERT).valueHash());
        assertEquals("unknown", EventFinding.of("4111 1111", Category.PII, "", HASH, "**", Action.ALERT).id());
    }

    @Test
    void theSameValueAtTheSamePlaceIsCountedAndTheListIsBounded() throws Exception {
        ExchangeEvent.Builder b = ExchangeEvent.builder("many", Direction.RESPONSE);
        EventFinding same = EventFinding.of("email", Category.PII, "$.a", HASH, "ab****yz", Action.ALERT);
        b.finding(same).finding(same).finding(same);
        for (int i = 0; i < 300; i++) {
            String h = String.format("%032x", i + 1);
            b.finding(EventFinding.of("email", Category.PII, "$.list[" + i + "]", h, "ab****yz", Action.ALERT));
        }
        ExchangeEvent e = b.build();
        assertEquals(256, e.findings().size());
        assertEquals(3, e.findings().getFirst().count());
        assertEquals(45, e.findingsDropped());
        JsonNode n = parse(e);
        assertEquals(45, n.get("findingsDropped").asInt());
        assertTrue(e.toJson().length() < 64 * 1024, "an event stays small: " + e.toJson().length());
    }

    @Test
    void badIdsAndStatusesAreRefusedAndLongTextIsCut() {
        assertThrows(IllegalArgumentException.class, () -> ExchangeEvent.builder("a b", Direction.REQUEST));
        assertThrows(IllegalArgumentException.class, () -> ExchangeEvent.builder("", Direction.REQUEST));
        assertThrows(IllegalArgumentException.class, () -> ExchangeEvent.builder("x", Direction.REQUEST).status(42));
        ExchangeEvent e = ExchangeEvent.builder("x", Direction.REQUEST).requestTarget("/" + "a".repeat(5000))
                .method("G E T").route("r".repeat(500)).build();
        assertEquals(1024, e.path().length());
        assertTrue(e.path().endsWith("…"));
        assertEquals("other", e.method());
        assertEquals(128, e.route().length());
    }

    /** Random wire text in every free field: always one line of valid JSON that gives the text back (cut). */
    @RepeatedTest(200)
    void arbitraryTextAlwaysGivesOneValidLine(RepetitionInfo info) throws Exception {
        Random random = new Random(0xE7E47L * info.getCurrentRepetition());
        String target = randomText(random, 300);
        String fieldPath = randomText(random, 300);
        ExchangeEvent e = ExchangeEvent.builder("r" + info.getCurrentRepetition(), Direction.RESPONSE)
                .requestTarget(target).route(randomText(random, 200)).sourceService(randomText(random, 200))
                .method(randomText(random, 10)).correlation(randomText(random, 200), randomText(random, 40))
                .finding(EventFinding.of("email", Category.PII, fieldPath, HASH, randomText(random, 30), Action.ALERT))
                .build();
        JsonNode n = parse(e);
        assertEquals(e.path(), n.get("path").asText());
        assertEquals(e.requestId(), n.get("requestId").asText());
        assertEquals(e.route(), n.get("route").asText());
        assertEquals(e.findings().getFirst().path(), n.get("findings").get(0).get("path").asText());
        Iterator<String> names = n.fieldNames();
        int count = 0;
        while (names.hasNext()) {
            names.next();
            count++;
        }
        assertEquals(18, count);
    }

    private static String randomText(Random random, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = random.nextInt(max); i > 0; i--) {
            int kind = random.nextInt(4);
            sb.appendCodePoint(switch (kind) {
                case 0 -> random.nextInt(0x20);
                case 1 -> 0x20 + random.nextInt(0x5f);
                case 2 -> 0x80 + random.nextInt(0x2000);
                default -> 0x1F600 + random.nextInt(0x40);
            });
        }
        return sb.toString();
    }
}
