package dev.sluice.standalone.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.inspector.Outcome;
import dev.sluice.matchers.Category;
import dev.sluice.matchers.DetectorCatalog;
import dev.sluice.matchers.Direction;
import dev.sluice.policy.Action;
import dev.sluice.policy.identity.BoundedNames;
import dev.sluice.standalone.config.HostPort;
import dev.sluice.standalone.events.ExchangeAction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin endpoint over real loopback sockets, scraped as Prometheus would. */
class AdminServerTest {
    private final HttpClient client = HttpClient.newHttpClient();
    private SluiceMetrics metrics;
    private Readiness readiness;
    private AdminServer server;

    private final AtomicReference<String> policyDigest = new AtomicReference<>("a1");

    @BeforeEach
    void start() throws IOException {
        List<String> detectors = DetectorCatalog.builtin().all().stream().map(d -> d.id()).toList();
        MetricLabels labels = MetricLabels.of(detectors, List.of("users", "payments"), List.of("card-harvest"),
                new BoundedNames(Set.of("checkout", "web"), 2));
        metrics = SluiceMetrics.create(labels);
        readiness = new Readiness();
        server = AdminServer.start(new HostPort("127.0.0.1", 0), false, metrics, readiness,
                () -> "{\"sha256\":\"" + policyDigest.get() + "\"}\n");
    }

    @AfterEach
    void stop() {
        server.close();
        metrics.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Scrape scrape() throws Exception {
        HttpResponse<String> r = get("/metrics");
        assertEquals(200, r.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("content-type").orElseThrow());
        return Scrape.parse(r.body());
    }

    @Test
    void healthIsUpAtOnceAndReadinessFollowsTheFlag() throws Exception {
        assertEquals(200, get("/healthz").statusCode());
        assertEquals("ok\n", get("/healthz").body());
        assertEquals(503, get("/readyz").statusCode());
        readiness.markReady();
        assertEquals(200, get("/readyz").statusCode());
        assertEquals("ready\n", get("/readyz").body());
        readiness.markNotReady();
        assertEquals(503, get("/readyz").statusCode());
    }

    @Test
    void thePolicyStatusIsAskedAnewAtEachRequest() throws Exception {
        HttpResponse<String> first = get("/policy");
        assertEquals(200, first.statusCode());
        assertEquals("application/json", first.headers().firstValue("content-type").orElseThrow());
        assertEquals("no-store", first.headers().firstValue("cache-control").orElseThrow());
        assertEquals("{\"sha256\":\"a1\"}\n", first.body());
        policyDigest.set("b2");
        assertEquals("{\"sha256\":\"b2\"}\n", get("/policy").body(), "a reload shows at once");
        assertEquals(404, get("/policy/x").statusCode());
    }

    @Test
    void otherPathsAndMethodsAreRefused() throws Exception {
        assertEquals(404, get("/").statusCode());
        assertEquals(404, get("/metrics/x").statusCode());
        assertEquals(200, get("/metrics?name[]=x").statusCode());
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("allow").orElseThrow());
        HttpResponse<String> head = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/healthz"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
    }

    @Test
    void theEventLogCountsOutliveGarbageCollection() throws Exception {
        // Method references on the writer, as CoreRuntime binds them: nothing else holds them.
        AtomicLong written = new AtomicLong(7);
        AtomicLong dropped = new AtomicLong(2);
        AtomicLong failed = new AtomicLong(1);
        metrics.bindEventLog(written::get, dropped::get, failed::get);
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        written.incrementAndGet();
        Scrape s = scrape();
        assertEquals(8.0, s.value("sluice_events_written_total", Map.of()));
        assertEquals(2.0, s.value("sluice_events_dropped_total", Map.of()));
        assertEquals(1.0, s.value("sluice_events_failed_total", Map.of()));
    }

    @Test
    void aNonLoopbackAddressIsRefusedUnlessAllowed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AdminServer.start(new HostPort("0.0.0.0", 0), false, metrics, readiness, () -> "{}\n"));
        assertEquals("the admin endpoint listens on loopback only, not 0.0.0.0:0", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> AdminServer.start(new HostPort("::", 0), false, metrics, readiness, () -> "{}\n"));
    }

    @Test
    void everySluiceMeterIsScrapedWithItsNameUnitAndLabels() throws Exception {
        metrics.exchange(Direction.RESPONSE, "users", ExchangeAction.REDACT);
        metrics.exchange(Direction.RESPONSE, "users", ExchangeAction.REDACT);
        metrics.exchange(Direction.REQUEST, "default", ExchangeAction.BLOCK);
        metrics.finding("credit_card", Category.PII, Direction.RESPONSE, Action.REDACT, "users", "web", "checkout", 1);
        metrics.inspectedBytes(Direction.RESPONSE, 1500);
        metrics.inspectionTime(Direction.RESPONSE, 300_000);
        metrics.inspectionOutcome(Direction.REQUEST, Outcome.DECOMPRESSION_RATIO_LIMIT);
        metrics.policyReload(true);
        metrics.policyReload(false);
        metrics.policyReload(false);
        metrics.budgetBlock("card-harvest");
        metrics.bindEventLog(() -> 7, () -> 2, () -> 3);

        Scrape s = scrape();
        assertEquals(2.0, s.value("sluice_exchanges_total",
                Map.of("direction", "response", "route", "users", "action", "redact")));
        assertEquals(1.0, s.value("sluice_exchanges_total",
                Map.of("direction", "request", "route", "default", "action", "block")));
        assertEquals(1.0, s.value("sluice_findings_total", Map.of("detector", "credit_card", "category", "pii",
                "direction", "response", "action", "redact", "route", "users", "source_service", "web",
                "destination_service", "checkout")));
        assertEquals(1500.0, s.value("sluice_inspected_bytes_total", Map.of("direction", "response")));
        assertEquals(0.0, s.value("sluice_inspected_bytes_total", Map.of("direction", "request")));
        assertEquals(1.0, s.value("sluice_inspection_duration_seconds_count", Map.of("direction", "response")));
        assertEquals(0.0003, s.value("sluice_inspection_duration_seconds_sum", Map.of("direction", "response")), 1e-9);
        assertEquals(0.0, s.value("sluice_inspection_duration_seconds_bucket",
                Map.of("direction", "response", "le", "2.5E-4")));
        assertEquals(1.0, s.value("sluice_inspection_duration_seconds_bucket",
                Map.of("direction", "response", "le", "5.0E-4")));
        assertEquals(1.0, s.value("sluice_inspection_outcomes_total",
                Map.of("direction", "request", "outcome", "decompression_ratio_limit")));
        assertEquals(0.0, s.value("sluice_inspection_outcomes_total",
                Map.of("direction", "response", "outcome", "complete")));
        assertEquals(1.0, s.value("sluice_policy_reloads_total", Map.of("result", "success")));
        assertEquals(2.0, s.value("sluice_policy_reloads_total", Map.of("result", "failure")));
        assertEquals(1.0, s.value("sluice_budget_blocks_total", Map.of("budget", "card-harvest")));
        assertEquals(7.0, s.value("sluice_events_written_total", Map.of()));
        assertEquals(2.0, s.value("sluice_events_dropped_total", Map.of()));
        assertEquals(3.0, s.value("sluice_events_failed_total", Map.of()));
        assertFalse(Double.isNaN(s.value("sluice_netty_pool_used_bytes", Map.of("memory", "direct"))));
        assertFalse(Double.isNaN(s.value("sluice_netty_pool_used_bytes", Map.of("memory", "heap"))));
        for (String jvm : List.of("jvm_memory_used_bytes", "jvm_threads_live_threads", "system_cpu_count",
                "jvm_gc_memory_allocated_bytes_total")) {
            assertTrue(s.has(jvm), jvm);
        }
        for (Scrape.Sample sample : s.samples()) {
            String n = sample.name();
            if (n.startsWith("sluice_")) {
                assertTrue(n.endsWith("_total") || n.endsWith("_bytes") || n.contains("_seconds"), n);
            }
        }
    }

    /** Hostile values where names belong: none of them may reach the scrape, and none may use up a place. */
    @Test
    void noRawValueAddressPathOrTokenEverBecomesALabel() throws Exception {
        List<String> hostile = List.of(
                "/v1/users/12345?token=abc", "10.1.2.3", "2001:db8::7", "4111111111111111", "alice@example.com",
                "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.sig", "a\"} 1\nsluice_forged_total 99", "sk_live_" + "x".repeat(80),
                "spiffe://cluster.local/ns/a/sa/b", "", "../../etc/passwd", "héllo");
        for (String h : hostile) {
            metrics.exchange(Direction.RESPONSE, h, ExchangeAction.ALERT);
            metrics.finding(h, Category.SECRET, Direction.REQUEST, Action.ALERT, h, h, h, 1);
            metrics.budgetBlock(h);
        }
        String text = get("/metrics").body();
        for (String h : hostile) {
            if (!h.isEmpty()) {
                assertFalse(text.contains(h), "leaked into the scrape: " + h);
            }
        }
        assertFalse(text.contains("sluice_forged_total"));
        assertFalse(text.contains("12345"));
        Scrape s = Scrape.parse(text);
        for (Scrape.Sample sample : s.samples()) {
            if (sample.name().startsWith("sluice_")) {
                for (String v : sample.labels().values()) {
                    assertTrue(v.matches("[a-z0-9._-]{1,64}|[0-9.E+-]+|\\+Inf"), sample.name() + " label " + v);
                }
            }
        }
        assertEquals(11.0, s.value("sluice_exchanges_total",
                Map.of("direction", "response", "route", "other", "action", "alert")));
        assertEquals(1.0, s.value("sluice_exchanges_total",
                Map.of("direction", "response", "route", "unknown", "action", "alert")));
        // The two free places of the service set are still free for real names.
        assertEquals("billing", metrics.labels().service("billing"));
        assertEquals("search", metrics.labels().service("search"));
        assertEquals("other", metrics.labels().service("third"));
    }

    @Test
    void findingSeriesAreCappedByFoldingRouteAndServicesIntoOther() throws Exception {
        MetricLabels labels = MetricLabels.of(List.of("email"), List.of("r1", "r2", "r3"), List.of(),
                new BoundedNames(Set.of(), 100));
        try (SluiceMetrics capped = SluiceMetrics.create(labels, 2)) {
            for (String route : List.of("r1", "r2", "r3", "r3")) {
                capped.finding("email", Category.PII, Direction.RESPONSE, Action.ALERT, route, "svc-a", "svc-b", 1);
            }
            Scrape s = Scrape.parse(capped.scrape());
            assertEquals(3, s.named("sluice_findings_total").size());
            assertEquals(2.0, s.value("sluice_findings_total", Map.of("detector", "email", "category", "pii",
                    "direction", "response", "action", "alert", "route", "other", "source_service", "other",
                    "destination_service", "other")));
        }
    }

    @Test
    void rawHttpRequestsGetAWholeAnswer() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertTrue(answer.endsWith("\r\n\r\nok\n"), answer);
        }
    }
}
