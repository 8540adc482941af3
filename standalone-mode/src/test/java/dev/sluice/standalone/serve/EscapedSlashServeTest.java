package dev.sluice.standalone.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.standalone.proxy.Cli;
import dev.sluice.standalone.proxy.EscapedSlashAction;
import dev.sluice.standalone.proxy.NginxUpstream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A real nginx decodes {@code %2F} before it resolves dot segments, so it serves
 * {@code /static/..%2Fv1/cards/1.json} as {@code /v1/cards/1.json}. Through {@code sluice serve},
 * such a path must meet the route of the file nginx serves, not the static route that reads
 * nothing: under the default reading, and (because a route that reads nothing needs both
 * readings) under {@code escaped_slashes: keep} too. With {@code proxy.path_with_escaped_slashes},
 * such a path is refused with 400 before anything is forwarded, or forwarded unescaped, so nginx
 * and the route read one path.
 */
class EscapedSlashServeTest {
    private static final String CARD = "4111 1111 1111 1111";
    private static final String ROUTES = """
            defaults:
              response:
                credit_card: alert
            routes:
              - name: static
                match: {path: /static/**}
                actions: {pii: ignore, secret: ignore, attack: ignore}
              - name: cards
                match: {path: /v1/cards/**}
                response:
                  credit_card: block
            """;

    @TempDir
    static Path dir;
    private static NginxUpstream nginx;
    private static ServeRuntime decoding;
    private static ServeRuntime keeping;
    private static ServeRuntime rejecting;
    private static ServeRuntime unescaping;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Cli.available("nginx"), "nginx not installed");
        nginx = NginxUpstream.serving(dir.resolve("nginx"), Map.of(
                "v1/cards/1.json", ("{\"card\":\"" + CARD + "\"}").getBytes(StandardCharsets.US_ASCII),
                "static/app.js", "console.log(1)".getBytes(StandardCharsets.US_ASCII)));
        decoding = serve("decode", "version: 1\n" + ROUTES, EscapedSlashAction.KEEP_UNCHANGED);
        keeping = serve("keep", "version: 1\nescaped_slashes: keep\n" + ROUTES, EscapedSlashAction.KEEP_UNCHANGED);
        rejecting = serve("reject", "version: 1\n" + ROUTES, EscapedSlashAction.REJECT_REQUEST);
        unescaping = serve("unescape", "version: 1\nescaped_slashes: keep\n" + ROUTES,
                EscapedSlashAction.UNESCAPE_AND_FORWARD);
    }

    private static ServeRuntime serve(String name, String policy, EscapedSlashAction action) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        Files.writeString(d.resolve("policy.yaml"), policy);
        return ServeTests.serveDefault(nginx.port(), d.resolve("events.jsonl"),
                b -> b.policyFile(d.resolve("policy.yaml")).pathWithEscapedSlashes(action));
    }

    @AfterAll
    static void stop() throws Exception {
        for (ServeRuntime serve : new ServeRuntime[] {decoding, keeping, rejecting, unescaping}) {
            if (serve != null) {
                serve.close();
            }
        }
        if (nginx != null) {
            nginx.close();
        }
    }

    @ParameterizedTest(name = "{0} under {1}")
    @CsvSource(delimiter = '|', value = {
        "/v1/cards/1.json|decode|403|cards",
        "/static/..%2Fv1/cards/1.json|decode|403|cards",
        "/static/..%2fv1/cards/1.json|decode|403|cards",
        "/static%2F..%2Fv1/cards/1.json|decode|403|cards",
        "/v1%2Fcards/1.json|decode|403|cards",
        "/v1/cards/1.json|keep|403|cards",
        "/static/..%2Fv1/cards/1.json|keep|403|cards",
        "/v1%2Fcards/1.json|keep|200|default",
    })
    void aPathNginxDecodesMeetsTheRouteOfTheFileServed(String path, String reading, int status, String route)
            throws Exception {
        ServeRuntime serve = reading.equals("decode") ? decoding : keeping;
        String answer = get(serve, path);
        assertTrue(answer.startsWith("HTTP/1.1 " + status + " "), path + ": " + answer);
        assertEquals(status == 200, answer.contains(CARD), path + ": " + answer);
        JsonNode event = ServeTests.awaitEvent(dir.resolve(reading).resolve("events.jsonl"),
                e -> e.path("direction").asText().equals("response") && e.path("path").asText().equals(path));
        assertEquals(route, event.path("route").asText(), path + ": " + event);
        assertEquals(status == 200 ? "alert" : "block", event.path("action").asText(), path + ": " + event);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"decode", "keep"})
    void theStaticRouteStillPassesItsOwnFilesUnread(String reading) throws Exception {
        String answer = get(reading.equals("decode") ? decoding : keeping, "/static/app.js");
        assertTrue(answer.startsWith("HTTP/1.1 200 ") && answer.endsWith("console.log(1)"), answer);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"/static/..%2Fv1/cards/1.json", "/v1%2Fcards/1.json", "/static%5Capp.js", "/a/b%2fc"})
    void aRejectingProxyAnswers400ToAnyEncodedSlash(String path) throws Exception {
        String answer = get(rejecting, path);
        assertTrue(answer.startsWith("HTTP/1.1 400 "), path + ": " + answer);
        assertFalse(answer.contains(CARD), answer);
        assertTrue(get(rejecting, "/static/app.js?next=%2Fhome").startsWith("HTTP/1.1 200 "),
                "an encoded slash in the query is no path's");
    }

    /**
     * Unescaped before the route is chosen and before nginx gets it: under {@code keep}, which
     * alone would let {@code /v1%2Fcards/1.json} take the defaults, the cards route blocks it,
     * and the event names the path as forwarded.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"/v1%2Fcards/1.json|/v1/cards/1.json",
        "/static/..%2fv1/cards/1.json|/static/../v1/cards/1.json"})
    void anUnescapingProxyForwardsThePathItsRouteReads(String path, String forwarded) throws Exception {
        String answer = get(unescaping, path);
        assertTrue(answer.startsWith("HTTP/1.1 403 "), path + ": " + answer);
        JsonNode event = ServeTests.awaitEvent(dir.resolve("unescape").resolve("events.jsonl"),
                e -> e.path("direction").asText().equals("response") && e.path("path").asText().equals(forwarded));
        assertEquals("cards", event.path("route").asText(), event.toString());
        assertTrue(get(unescaping, "/static/app.js").endsWith("console.log(1)"));
    }

    private static String get(ServeRuntime serve, String path) throws Exception {
        return ServeTests.rawExchange(serve, "GET " + path + " HTTP/1.1\r\nHost: shop\r\nConnection: close\r\n\r\n");
    }
}
