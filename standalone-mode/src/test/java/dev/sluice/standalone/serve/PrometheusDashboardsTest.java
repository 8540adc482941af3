package dev.sluice.standalone.serve;

import static dev.sluice.standalone.serve.ServeTests.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.standalone.proxy.Cli;
import dev.sluice.standalone.proxy.TestPki;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code dashboards/}: Prometheus's own tool checks and unit-tests the alert rules, then
 * a real Prometheus (Debian's package) runs the shipped {@code prometheus.yml} and rules against
 * {@code sluice serve} carrying real traffic over TLS (scrape and evaluation every second instead of 15 s).
 * Sluice reports to a console on loopback as well, for the console panels and alerts. Every metric
 * the Grafana dashboard and the rules read must be exported, every dashboard query must answer with
 * data, and the leak and budget alerts must fire from the series Sluice exports.
 */
class PrometheusDashboardsTest {
    static final Path DASHBOARDS = Path.of("..", "dashboards");
    static final Path RULES_DIR = DASHBOARDS.resolve("prometheus");
    static final String POLICY = """
            version: 1
            defaults:
              actions: {pii: alert, secret: alert, attack: alert}
              request: {attack: block}
              response:
                credit_card: {action: redact, mask: keep_last_4}
            routes:
              - name: feed
                match: {path: /feed/**}
                sample: {request: 50%}
                request: {attack: alert}
            budgets:
              - name: card-harvest
                detectors: [credit_card]
                max_distinct: 2
                window: 10m
                cooldown: 10m
            """;
    static final String KEYS = "{\"service\":\"billing\",\"access_key_id\":\"AKIA2E3MZR7TQX5LWB4N\","
            + "\"owner\":\"ann.lee@example.org\"}";
    static final String CARD = "{\"owner\":\"Ann\",\"card\":\"4111111111111111\"}";
    static final String CARDS = "{\"cards\":[\"4111111111111111\",\"5555555555554444\",\"4012888888881881\"]}";
    /** Metric names in PromQL: Sluice's, and the JVM and process meters Micrometer binds. */
    static final Pattern METRIC = Pattern.compile("\\b((?:sluice|jvm|process|system)_[a-z_]+)\\b");

    @TempDir
    static Path dir;
    static HttpServer upstream;
    static HttpServer console;
    static ServeRuntime serve;
    static Process prometheus;
    static int prometheusPort;
    static TestPki pki;
    static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        upstream.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            switch (ex.getRequestURI().getPath()) {
                case "/keys" -> ServeTests.respondJson(ex, KEYS);
                case "/cards" -> ServeTests.respondJson(ex, CARDS);
                case "/card" -> ServeTests.respondJson(ex, CARD);
                default -> ServeTests.respondJson(ex, "{\"ok\":true}");
            }
        });
        upstream.start();
        // A console that takes every batch, so that the console row and alerts have series too.
        console = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        console.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(ex.getRequestURI().getPath().endsWith("/events") ? 200 : 404, -1);
            ex.close();
        });
        console.start();
        Path key = dir.resolve("console.key");
        Files.writeString(key, "dashboards-test-key");
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, POLICY);
        // Clients speak TLS, for the TLS panels and alerts; the test certificate expires in a day.
        pki = TestPki.create(dir);
        client = HttpClient.newBuilder().sslContext(pki.clientContext(false)).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        serve = ServeRuntime.start(ServeTests.config("http://127.0.0.1:" + upstream.getAddress().getPort(),
                        dir.resolve("events.jsonl")).policyFile(policy)
                        .tlsCertFile(pki.serverCertPem).tlsKeyFile(pki.serverKeyPem)
                        .consoleUrl("http://127.0.0.1:" + console.getAddress().getPort()).consoleApiKeyFile(key)
                        .consoleSpoolDir(dir.resolve("spool")).build(), java.util.Map.of(),
                new java.io.PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
        // Micrometer registers jvm_gc_pause_seconds at the first collection it is told of; a
        // long-running Sluice always has one, a test JVM may not have had one since serve started.
        System.gc();
        prometheus = startPrometheus(serve.adminPort());
        traffic();
        awaitSample("sluice_findings_total{detector=\"aws_access_key_id\"}");
        awaitSample("sluice_budget_blocks_total");
        // The counters exist now, with one scrape behind them: the same traffic again is an increase.
        traffic();
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            Cli.stop(prometheus);
        }
        ServeTests.stop(serve, upstream);
        if (console != null) {
            console.stop(0);
        }
    }

    /**
     * A leaked secret and PII, a redacted card, a budget-blocked card harvest, a blocked attack, a
     * clean call, and calls to a route that samples its requests.
     */
    private static void traffic() throws Exception {
        assertEquals(200, proxy("/keys", null, "reader").statusCode());
        assertTrue(proxy("/card", null, "reader").body().contains("************1111"));
        assertEquals(403, proxy("/cards", null, "harvester").statusCode(), "three distinct cards, two allowed");
        assertEquals(403, proxy("/cards", null, "harvester").statusCode(), "the token is cooling down");
        assertEquals(403, proxy("/orders", "{\"note\":\"<script>alert(document.cookie)</script>\"}", "reader")
                .statusCode());
        assertEquals(200, proxy("/orders", "{\"sku\":\"A-1\"}", "reader").statusCode());
        for (int i = 0; i < 30; i++) { // half left unread: some are, but for once in 10^9 runs
            assertEquals(200, proxy("/feed/" + i, "{\"sku\":\"A-1\"}", "feeder").statusCode());
        }
    }

    private static HttpResponse<String> proxy(String path, String postBody, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://localhost:" + serve.proxyPort() + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10));
        if (postBody != null) {
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(postBody));
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The shipped prometheus.yml, its target and rule file pointed at this run, scraping every second. */
    private static Process startPrometheus(int adminPort) throws Exception {
        String binary = Cli.locate("prometheus");
        if (binary == null) {
            throw new IllegalStateException("prometheus not installed (.ci/run installs Debian's package)");
        }
        try (ServerSocket s = new ServerSocket(0)) {
            prometheusPort = s.getLocalPort();
        }
        String config = Files.readString(RULES_DIR.resolve("prometheus.yml"))
                .replace("scrape_interval: 15s", "scrape_interval: 1s")
                .replace("evaluation_interval: 15s", "evaluation_interval: 1s")
                .replace("\"127.0.0.1:9464\"", "\"127.0.0.1:" + adminPort + "\"")
                .replace("- sluice-alerts.yaml", "- " + RULES_DIR.resolve("sluice-alerts.yaml").toAbsolutePath());
        Path file = dir.resolve("prometheus.yml");
        Files.writeString(file, config);
        Path log = dir.resolve("prometheus.log");
        Process p = new ProcessBuilder(binary, "--config.file=" + file, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + prometheusPort).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        Cli.awaitListening(p, prometheusPort, log, "prometheus");
        return p;
    }

    @Test
    void promtoolAcceptsTheRulesTheirUnitTestsAndTheScrapeConfig() throws Exception {
        promtool("check", "rules", "sluice-alerts.yaml");
        promtool("test", "rules", "sluice-alerts-test.yaml");
        promtool("check", "config", "prometheus.yml");
    }

    /** Grafana imports what it can lay out: unique ids, a 24-column grid, every query on the chosen data source. */
    @Test
    void theDashboardIsWellFormed() throws Exception {
        JsonNode dashboard = JSON.readTree(DASHBOARDS.resolve("grafana").resolve("sluice.json").toFile());
        Set<String> variables = new TreeSet<>();
        dashboard.path("templating").path("list").forEach(v -> variables.add(v.path("name").asText()));
        assertEquals(Set.of("datasource", "job", "instance", "route"), variables);
        Set<Integer> ids = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertTrue(ids.add(panel.path("id").asInt()), "duplicate panel id in " + panel);
            JsonNode grid = panel.path("gridPos");
            assertTrue(grid.path("w").asInt() > 0 && grid.path("x").asInt() + grid.path("w").asInt() <= 24,
                    panel.path("title").asText());
            for (JsonNode t : panel.path("targets")) {
                assertEquals("${datasource}", t.path("datasource").path("uid").asText(), panel.path("title").asText());
                Matcher used = Pattern.compile("\\$([a-z_]+)").matcher(t.path("expr").asText());
                while (used.find()) {
                    assertTrue(variables.contains(used.group(1)) || used.group(1).startsWith("__"),
                            "undefined variable $" + used.group(1) + " in " + panel.path("title").asText());
                }
            }
        }
    }

    @Test
    void prometheusScrapesTheAdminEndpoint() throws Exception {
        JsonNode target = await("/api/v1/targets", r -> r.path("data").path("activeTargets").path(0)
                .path("health").asText().equals("up")).path("data").path("activeTargets").path(0);
        assertEquals("sluice", target.path("labels").path("job").asText());
        assertEquals("http://127.0.0.1:" + serve.adminPort() + "/metrics", target.path("scrapeUrl").asText());
    }

    @Test
    void everyMetricTheDashboardAndTheRulesReadIsExported() throws Exception {
        Set<String> wanted = new TreeSet<>();
        for (String expr : dashboardQueries()) {
            wanted.addAll(metricNames(expr));
        }
        wanted.addAll(metricNames(Files.readString(RULES_DIR.resolve("sluice-alerts.yaml"))));
        assertTrue(wanted.size() >= 12, "the dashboard and rules read " + wanted);
        JsonNode names = get("/api/v1/label/__name__/values").path("data");
        Set<String> exported = new TreeSet<>();
        names.forEach(n -> exported.add(n.asText()));
        Set<String> missing = new TreeSet<>(wanted);
        missing.removeAll(exported);
        assertEquals(Set.of(), missing, "read by the dashboard or the rules but not exported; exported: " + exported);
    }

    @Test
    void everyDashboardQueryAnswersWithData() throws Exception {
        List<String> queries = dashboardQueries();
        assertTrue(queries.size() >= 20, "dashboard queries: " + queries);
        for (String expr : queries) {
            String promql = expr.replace("$job", "sluice").replace("$instance", ".*").replace("$route", ".*")
                    .replace("$__rate_interval", "30s").replace("$__range", "10m");
            JsonNode r = await("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8),
                    q -> !q.path("data").path("result").isEmpty());
            assertEquals("success", r.path("status").asText(), promql);
        }
    }

    @Test
    void theLeakAndBudgetAlertsFireFromSluicesSeries() throws Exception {
        JsonNode leak = firing("SluiceSecretLeaking");
        assertEquals("aws_access_key_id", leak.path("labels").path("detector").asText());
        assertEquals("default", leak.path("labels").path("route").asText());
        assertEquals("critical", leak.path("labels").path("severity").asText());
        assertTrue(leak.path("annotations").path("summary").asText().contains("aws_access_key_id"), leak.toString());
        JsonNode budget = firing("SluiceTokenOverBudget");
        assertEquals("card-harvest", budget.path("labels").path("budget").asText());
        // PII that is only alerted, redacted cards and blocked attacks are not secrets leaking.
        JsonNode alerts = get("/api/v1/alerts").path("data").path("alerts");
        for (JsonNode a : alerts) {
            if (a.path("labels").path("alertname").asText().equals("SluiceSecretLeaking")) {
                assertEquals("aws_access_key_id", a.path("labels").path("detector").asText(), alerts.toString());
            }
            assertTrue(!a.path("labels").path("alertname").asText().equals("SluiceDown"), alerts.toString());
        }
    }

    @Test
    void theCertificateExpiryAlertWatchesTheListenersCertificate() throws Exception {
        // The test certificate has a day left: pending at once, firing after the rule's 10 minutes.
        JsonNode alerts = await("/api/v1/alerts", r -> {
            for (JsonNode a : r.path("data").path("alerts")) {
                if (a.path("labels").path("alertname").asText().equals("SluiceTlsCertificateExpiresSoon")) {
                    return true;
                }
            }
            return false;
        }).path("data").path("alerts");
        for (JsonNode a : alerts) {
            if (a.path("labels").path("alertname").asText().equals("SluiceTlsCertificateExpiresSoon")) {
                assertEquals("listener", a.path("labels").path("side").asText(), a.toString());
                assertTrue(a.path("annotations").path("summary").asText().contains("expires in 23h"), a.toString());
            }
            assertTrue(!a.path("labels").path("alertname").asText().equals("SluiceTlsReloadFailed"), a.toString());
        }
    }

    private static JsonNode firing(String name) throws Exception {
        Predicate<JsonNode> isFiring = a -> a.path("labels").path("alertname").asText().equals(name)
                && a.path("state").asText().equals("firing");
        JsonNode alerts = await("/api/v1/alerts", r -> {
            for (JsonNode a : r.path("data").path("alerts")) {
                if (isFiring.test(a)) {
                    return true;
                }
            }
            return false;
        }).path("data").path("alerts");
        for (JsonNode a : alerts) {
            if (isFiring.test(a)) {
                return a;
            }
        }
        throw new AssertionError(name + " not firing: " + alerts);
    }

    /** Every {@code expr} of the dashboard's panels. */
    static List<String> dashboardQueries() throws IOException {
        JsonNode dashboard = JSON.readTree(DASHBOARDS.resolve("grafana").resolve("sluice.json").toFile());
        List<String> out = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode t : panel.path("targets")) {
                out.add(t.path("expr").asText());
            }
        }
        return out;
    }

    private static Set<String> metricNames(String promql) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(promql);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static void awaitSample(String selector) throws Exception {
        await("/api/v1/query?query=" + URLEncoder.encode(selector, StandardCharsets.UTF_8),
                r -> !r.path("data").path("result").isEmpty());
    }

    /** Asks Prometheus's API for {@code pathAndQuery} until {@code ready} accepts the answer (20 s at most). */
    private static JsonNode await(String pathAndQuery, Predicate<JsonNode> ready) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        JsonNode last;
        do {
            last = get(pathAndQuery);
            if (ready.test(last)) {
                return last;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        return fail("Prometheus never answered as expected to " + pathAndQuery + ": " + last);
    }

    private static JsonNode get(String pathAndQuery) throws Exception {
        HttpResponse<String> r = ServeTests.CLIENT.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + prometheusPort + pathAndQuery)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private static void promtool(String... args) throws Exception {
        String binary = Cli.locate("promtool");
        if (binary == null) {
            throw new IllegalStateException("promtool not installed (.ci/run installs Debian's prometheus)");
        }
        List<String> command = new ArrayList<>(List.of(binary));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(RULES_DIR.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool " + String.join(" ", args) + " did not finish");
        assertEquals(0, p.exitValue(), "promtool " + String.join(" ", args) + ":\n" + out);
    }
}
