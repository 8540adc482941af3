package dev.sluice.standalone.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Requests written to reach a guarded route's upstream while another route is chosen, through
 * {@code sluice serve} over a raw socket: an absolute-form target (whose path and host the
 * upstream serves, RFC 9112 §3.2.2), a path parameter a Servlet container drops
 * ({@code /cards;jsessionid=1/1}, {@code /public/..;/cards}), a path in other letter case (which
 * an Express or ASP.NET Core router, like this upstream, serves from the same handler) and a
 * second {@code Host}. Each is either held to the guarded route or refused; none gets the card
 * the route blocks.
 */
class RouteEvasionServeTest {
    private static final String CARD = "4111 1111 1111 1111";
    private static final List<String> RECEIVED = new CopyOnWriteArrayList<>();

    @TempDir
    static Path dir;
    private static HttpServer upstream;
    private static ServeRuntime serve;

    @BeforeAll
    static void start() throws Exception {
        upstream = ServeTests.jsonUpstream(RECEIVED, "{\"card\":\"" + CARD + "\"}", Map.of());
        serve = ServeTests.serveWithPolicy(upstream, dir, """
                version: 1
                defaults:
                  response:
                    credit_card: alert
                routes:
                  - name: cards
                    match: {path: /v1/cards/**}
                    response:
                      credit_card: block
                  - name: internal
                    match: {host: internal.acme.io}
                    response:
                      credit_card: block
                """);
    }

    @AfterAll
    static void stop() {
        ServeTests.stop(serve, upstream);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "origin form (control)|GET /v1/cards/1 HTTP/1.1\\r\\nHost: shop|403|cards|/v1/cards/1",
        "absolute form|GET http://shop/v1/cards/1 HTTP/1.1\\r\\nHost: shop|403|cards|/v1/cards/1",
        "absolute form, dot segments|GET http://shop/x/../v1/cards/1 HTTP/1.1\\r\\nHost: shop|403|cards|/v1/cards/1",
        "path parameter|GET /v1/cards;jsessionid=1/1 HTTP/1.1\\r\\nHost: shop|403|cards|/v1/cards;jsessionid=1/1",
        "dot-dot with a parameter|GET /public/..;/v1/cards/1 HTTP/1.1\\r\\nHost: shop|403|cards|/public/..;/v1/cards/1",
        "path in other case|GET /V1/Cards/1 HTTP/1.1\\r\\nHost: shop|403|cards|/V1/Cards/1",
        "absolute form in other case|GET http://shop/v1/CARDS/1 HTTP/1.1\\r\\nHost: shop|403|cards|/v1/CARDS/1",
        "encoded capitals|GET /%56%31/cards/1 HTTP/1.1\\r\\nHost: shop|403|cards|/%56%31/cards/1",
        "absolute form's host|GET http://internal.acme.io/a HTTP/1.1\\r\\nHost: shop|403|internal|/a",
        "absolute form's host on HTTP/1.0|GET http://INTERNAL.acme.io:80/a HTTP/1.0\\r\\n|403|internal|/a",
        "unguarded (control)|GET /a HTTP/1.1\\r\\nHost: shop|200|default|/a",
    })
    void absoluteFormSelectsTheRouteTheUpstreamServes(String shape, String head, int status, String route,
            String path) throws Exception {
        String answer = send(head.replace("\\r\\n", "\r\n") + "\r\nConnection: close\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 " + status + " "), shape + ": " + answer);
        assertEquals(status == 200, answer.contains(CARD), shape + ": " + answer);
        JsonNode event = ServeTests.awaitEvent(dir.resolve("events.jsonl"),
                e -> e.path("direction").asText().equals("response") && e.path("path").asText().equals(path)
                        && e.path("route").asText().equals(route));
        assertEquals(status == 200 ? "alert" : "block", event.path("action").asText(), shape + ": " + event);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "second Host|GET /a HTTP/1.1\\r\\nHost: shop\\r\\nHost: internal.acme.io",
        "second Host first|GET /a HTTP/1.1\\r\\nHost: internal.acme.io\\r\\nHost: shop",
        "fragment before dot segments|GET /v1/x#/../../cards/1 HTTP/1.1\\r\\nHost: shop",
    })
    void ambiguousHeadIsRefusedBeforeTheUpstream(String shape, String head) throws Exception {
        RECEIVED.clear();
        String answer = send(head.replace("\\r\\n", "\r\n") + "\r\nConnection: close\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 400 "), shape + ": " + answer);
        assertEquals(List.of(), RECEIVED, shape);
    }

    private static String send(String request) throws Exception {
        return ServeTests.rawExchange(serve, request);
    }
}
