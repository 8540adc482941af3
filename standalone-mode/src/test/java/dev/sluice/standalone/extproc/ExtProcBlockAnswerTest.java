package dev.sluice.standalone.extproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * A route's {@code block_response} through ext_proc: Envoy's immediate response carries the
 * configured status, content type and body with the event's id filled in, whether the request
 * is refused at its headers or at its body, in every body mode that sends the body; other
 * routes keep the defaults' answer.
 */
class ExtProcBlockAnswerTest {
    /** Removed with everything in it once the class has run (the event files of its fixtures). */
    @TempDir
    static Path tempRoot;

    private static final String POLICY = """
            version: 1
            mode: enforce
            defaults:
              request:
                attack: block
              block_response:
                status: 403
                content_type: application/problem+json
                body: '{"title":"Forbidden","event":"{event_id}"}'
            routes:
              - name: web
                match: {path: /web/**}
                block_response:
                  status: 406
                  content_type: text/html; charset=utf-8
                  body: "<p>Refused. Reference {event_id}.</p>"
                  headers:
                    Access-Control-Allow-Origin: https://app.acme.io
                    X-Refusal: "{event_id}"
            """;
    private static ExtProcFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = ExtProcFixture.start(Files.createTempDirectory(tempRoot, "extproc-answer"), POLICY);
    }

    @AfterAll
    static void stop() throws Exception {
        ExtProcFixture.closeAll(fixture);
    }

    private static ExchangeResult.LocalReply refused(BodyMode mode, HttpMessage request) {
        ExchangeResult r = fixture.envoy.run(EnvoyFilterConfig.both(mode), request,
                ExtProcProtocolTest.okResponse("{\"ok\":true}"));
        assertEquals(List.of(), r.spurious(), "spurious replies");
        assertFalse(r.timedOut(), "message timeout");
        assertNotNull(r.localReply(), "refused");
        assertNull(r.requestHeaders(), "nothing went upstream");
        return r.localReply();
    }

    @ParameterizedTest
    @EnumSource(value = BodyMode.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void anAttackInTheBodyGetsTheRoutesAnswer(BodyMode mode) throws Exception {
        HttpMessage post = HttpMessage.request("POST", "/web/search", "application/json",
                HttpMessage.whole("{\"q\":\"1' UNION SELECT username, password FROM users--\"}"));
        ExchangeResult.LocalReply reply = refused(mode, post);
        assertEquals(406, reply.status());
        assertEquals("text/html; charset=utf-8", reply.headers().get("content-type"));
        String body = reply.bodyText();
        assertTrue(body.startsWith("<p>Refused. Reference ") && body.endsWith(".</p>"), body);
        String id = body.substring("<p>Refused. Reference ".length(), body.length() - ".</p>".length());
        JsonNode event = fixture.awaitEvent(e -> e.path("exchangeId").asText().equals(id));
        assertEquals("detector:attack.sqli", event.path("reason").asText());
        assertEquals("https://app.acme.io", reply.headers().get("access-control-allow-origin"));
        assertEquals(id, reply.headers().get("x-refusal"));
        assertEquals("no-store", reply.headers().get("cache-control"));
    }

    @Test
    void anAttackInTheQueryOfAnotherRouteGetsTheDefaultsAnswer() throws Exception {
        HttpMessage get = HttpMessage.request("GET", "/search?q=0%20UNION%20SELECT%20username,password%20FROM%20users--",
                null, List.of());
        ExchangeResult.LocalReply reply = refused(BodyMode.NONE, get);
        assertEquals(403, reply.status());
        assertEquals("application/problem+json", reply.headers().get("content-type"));
        String id = ExtProcFixture.JSON.readTree(reply.bodyText()).path("event").asText();
        JsonNode event = fixture.awaitEvent(e -> e.path("exchangeId").asText().equals(id));
        assertEquals("query:q", event.path("findings").get(0).path("path").asText());
    }
}
