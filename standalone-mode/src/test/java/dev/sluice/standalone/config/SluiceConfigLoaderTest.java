package dev.sluice.standalone.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.policy.Mode;
import dev.sluice.standalone.proxy.EscapedSlashAction;
import dev.sluice.standalone.proxy.TestPki;
import dev.sluice.standalone.proxy.spi.HttpProtocol;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SluiceConfigLoaderTest {
    private static final String FULL = """
            backend: http://127.0.0.1:3000
            mode: detect
            policy: /etc/sluice/policy.yaml
            hash_key_file: /etc/sluice/hash.key
            proxy:
              listen: 0.0.0.0:18080
              allowed_methods: [GET, HEAD, POST]
              allowed_request_content_types: [application/json, "application/grpc"]
              allowed_http_versions: HTTP/1.1 HTTP/2
              connect_timeout: 2s
              read_timeout: 30s
              idle_timeout: 90s
              request_head_timeout: 5s
            extproc:
              listen: 0.0.0.0:15051
            spoe:
              listen: "[::]:12346"
              max_frame_size: 64KiB
              hello_timeout: 2s
              idle_timeout: 1m
            admin:
              listen: "[::1]:19464"
            limits:
              max_inspected_bytes: 8MiB
              max_held_body_bytes: 512KiB
              max_message_bytes: 2097152
              max_decompressed_bytes: 100 MB
            grpc:
              descriptor_sets: [/etc/sluice/a.pb, /etc/sluice/b.pb]
              reflection: on
              reflection_timeout: 500ms
            events:
              output: /var/log/sluice/events.jsonl
              queue_capacity: 1024
              max_file_bytes: 64MiB
              keep_files: 9
            console:
              url: https://console.example.com/api
              api_key_file: /etc/sluice/console.key
              ca_file: /etc/sluice/ca.pem
              spool_dir: /var/lib/sluice/spool
              max_spool_bytes: 64MiB
              policy_sync: true
              policy_poll_interval: 10s
            """;

    private static SluiceConfig load(String yaml, Map<String, String> env) throws ConfigException {
        return SluiceConfigLoader.load(yaml, "sluice.yaml", null, env);
    }

    private static List<String> errors(String yaml, Map<String, String> env) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(yaml, env));
        return e.errors().stream().map(ConfigError::format).toList();
    }

    @Test
    void emptyFileAndNoEnvironmentGiveTheDocumentedDefaults() throws Exception {
        SluiceConfig c = load("# nothing here\n", Map.of());
        assertEquals("0.0.0.0:8080", c.proxyListen().toString());
        assertEquals("0.0.0.0:50051", c.extprocListen().toString());
        assertEquals("0.0.0.0:12345", c.spoeListen().toString());
        assertEquals(1 << 20, c.spoeMaxFrameSize());
        assertEquals(Duration.ofSeconds(10), c.spoeHelloTimeout());
        assertEquals(Duration.ofMinutes(5), c.spoeIdleTimeout());
        assertEquals("127.0.0.1:9464", c.adminListen().toString());
        assertTrue(c.backend().isEmpty());
        assertTrue(c.mode().isEmpty());
        assertTrue(c.policyFile().isEmpty());
        assertTrue(c.hashKeyFile().isEmpty());
        assertEquals(Set.of(HttpProtocol.values()), c.allowedHttpVersions());
        assertEquals(List.of(), c.allowedMethods());
        assertEquals(32L << 20, c.maxInspectedBytes());
        assertEquals(1L << 20, c.maxHeldBodyBytes());
        assertEquals(4 << 20, c.maxMessageBytes());
        assertEquals(64L << 20, c.maxDecompressedBytes());
        assertFalse(c.grpcReflection());
        assertEquals(Duration.ofSeconds(2), c.grpcReflectionTimeout());
        assertTrue(c.events().isStdout());
        assertEquals(8192, c.eventsQueueCapacity());
        assertEquals(new EventFileRotation(256L << 20, 4), c.eventsRotation());
        assertEquals(SluiceConfig.defaults().toString(), c.toString());
    }

    @Test
    void everyKeyOfTheFileIsRead() throws Exception {
        SluiceConfig c = load(FULL, Map.of());
        assertEquals(Optional.of(URI.create("http://127.0.0.1:3000")), c.backend());
        assertEquals(Optional.of(Mode.DETECT), c.mode());
        assertEquals(Optional.of(Path.of("/etc/sluice/policy.yaml")), c.policyFile());
        assertEquals(Optional.of(Path.of("/etc/sluice/hash.key")), c.hashKeyFile());
        assertEquals(new HostPort("0.0.0.0", 18080), c.proxyListen());
        assertEquals(List.of("GET", "HEAD", "POST"), c.allowedMethods());
        assertEquals(List.of("application/grpc", "application/json"), c.allowedRequestContentTypes());
        assertEquals(Set.of(HttpProtocol.HTTP_1_1, HttpProtocol.HTTP_2), c.allowedHttpVersions());
        assertEquals(new HostPort("0.0.0.0", 15051), c.extprocListen());
        assertEquals(new HostPort("::", 12346), c.spoeListen());
        assertEquals(64 << 10, c.spoeMaxFrameSize());
        assertEquals(Duration.ofSeconds(2), c.spoeHelloTimeout());
        assertEquals(Duration.ofMinutes(1), c.spoeIdleTimeout());
        assertEquals(new HostPort("::1", 19464), c.adminListen());
        assertEquals(8L << 20, c.maxInspectedBytes());
        assertEquals(512L << 10, c.maxHeldBodyBytes());
        assertEquals(2 << 20, c.maxMessageBytes());
        assertEquals(100_000_000L, c.maxDecompressedBytes());
        assertEquals(List.of(Path.of("/etc/sluice/a.pb"), Path.of("/etc/sluice/b.pb")), c.descriptorSets());
        assertTrue(c.grpcReflection());
        assertEquals(Duration.ofMillis(500), c.grpcReflectionTimeout());
        assertEquals(Path.of("/var/log/sluice/events.jsonl"), c.events().file());
        assertEquals(1024, c.eventsQueueCapacity());
        assertEquals(new EventFileRotation(64L << 20, 9), c.eventsRotation());
        assertEquals("/var/log/sluice/events.jsonl (rotated at 64MiB, 9 kept)", c.describeEvents());
        assertEquals(8L << 20, c.inspectionLimits().maxInspectedBytes());
        assertEquals(2 << 20, c.inspectionLimits().maxMessageBytes());
        ConsoleOptions console = c.console().orElseThrow();
        assertEquals("https://console.example.com/api", console.url());
        assertEquals(Path.of("/etc/sluice/console.key"), console.apiKeyFile());
        assertEquals(Optional.of(Path.of("/etc/sluice/ca.pem")), console.caFile());
        assertEquals(Path.of("/var/lib/sluice/spool"), console.spoolDir());
        assertEquals(64L << 20, console.maxSpoolBytes());
        assertTrue(console.policySync());
        assertEquals(Duration.ofSeconds(10), console.policyPollInterval());
    }

    @Test
    void theConsoleIsOffByDefaultAndItsSettingsMustGoTogether() throws Exception {
        assertTrue(load("", Map.of()).console().isEmpty());
        ConsoleOptions fromEnv = load("", Map.of("SLUICE_CONSOLE_URL", "http://127.0.0.1:7000",
                "SLUICE_CONSOLE_API_KEY_FILE", "key")).console().orElseThrow();
        assertEquals(ConsoleOptions.DEFAULT_SPOOL_DIR, fromEnv.spoolDir());
        assertFalse(fromEnv.policySync());
        assertEquals(List.of("sluice.yaml:2:8: console.url needs console.api_key_file (SLUICE_CONSOLE_API_KEY_FILE):"
                        + " the file holding the API key"),
                errors("console:\n  url: https://console.example.com\n", Map.of()));
        assertEquals(List.of("sluice.yaml:2:14: console.spool_dir has no effect without console.url (SLUICE_CONSOLE_URL)"),
                errors("console:\n  spool_dir: /tmp/x\n", Map.of()));
        assertEquals(List.of("sluice.yaml:4:16: console.policy_sync needs policy (SLUICE_POLICY): the file the console's"
                        + " policy is written to"),
                errors("console:\n  url: https://c.example.com\n  api_key_file: k\n  policy_sync: true\n", Map.of()));
        assertEquals(List.of("environment: SLUICE_CONSOLE_URL must be https (plain http only to a loopback address: the"
                        + " API key would cross the network in the clear)"),
                errors("", Map.of("SLUICE_CONSOLE_URL", "http://console.example.com")));
        assertEquals(List.of("sluice.yaml:4:25: console.policy_poll_interval must be between 1s and 1h"),
                errors("console:\n  url: https://c.example.com\n  api_key_file: k\n  policy_poll_interval: 500ms\n",
                        Map.of()));
    }

    @Test
    void environmentOverridesTheFileWhichOverridesDefaults() throws Exception {
        Map<String, String> env = Map.ofEntries(
                Map.entry("BACKEND", "http://backend:9000"),
                Map.entry("SLUICE_LISTEN", "127.0.0.1:9999"),
                Map.entry("SLUICE_EXTPROC_LISTEN", "0.0.0.0:1"),
                Map.entry("SLUICE_SPOE_LISTEN", "0.0.0.0:2"),
                Map.entry("SLUICE_SPOE_MAX_FRAME_SIZE", "16KiB"),
                Map.entry("SLUICE_SPOE_HELLO_TIMEOUT", "500ms"),
                Map.entry("SLUICE_SPOE_IDLE_TIMEOUT", "30s"),
                Map.entry("SLUICE_ADMIN_LISTEN", "localhost:3"),
                Map.entry("SLUICE_POLICY", "p.yaml"),
                Map.entry("SLUICE_MODE", "ENFORCE"),
                Map.entry("ALLOWED_METHODS", "GET HEAD,OPTIONS"),
                Map.entry("ALLOWED_REQUEST_CONTENT_TYPE", "|application/x-www-form-urlencoded| |multipart/form-data|"),
                Map.entry("ALLOWED_HTTP_VERSIONS", "HTTP/1.0 HTTP/1.1 HTTP/2 HTTP/2.0"),
                Map.entry("SLUICE_MAX_INSPECTED_BYTES", "1MiB"),
                Map.entry("SLUICE_MAX_HELD_BODY_BYTES", "0"),
                Map.entry("SLUICE_MAX_MESSAGE_BYTES", "64k"),
                Map.entry("SLUICE_MAX_DECOMPRESSED_BYTES", "2GiB"),
                Map.entry("SLUICE_DESCRIPTOR_SETS", "x.pb,y.pb"),
                Map.entry("SLUICE_GRPC_REFLECTION", "false"),
                Map.entry("SLUICE_GRPC_REFLECTION_TIMEOUT", "3s"),
                Map.entry("SLUICE_EVENTS", "stdout"),
                Map.entry("SLUICE_EVENTS_QUEUE_CAPACITY", "64"),
                Map.entry("SLUICE_EVENTS_MAX_FILE_BYTES", "0"),
                Map.entry("SLUICE_EVENTS_KEEP_FILES", "1"),
                Map.entry("SLUICE_HASH_KEY_FILE", "k"),
                Map.entry("SLUICE_CONSOLE_URL", "https://other.example.com"),
                Map.entry("SLUICE_CONSOLE_SPOOL_DIR", "spool"));
        SluiceConfig c = load(FULL, env);
        assertEquals("http://backend:9000", c.backend().orElseThrow().toString());
        assertEquals("127.0.0.1:9999", c.proxyListen().toString());
        assertEquals("0.0.0.0:1", c.extprocListen().toString());
        assertEquals("0.0.0.0:2", c.spoeListen().toString());
        assertEquals(16 << 10, c.spoeMaxFrameSize());
        assertEquals(Duration.ofMillis(500), c.spoeHelloTimeout());
        assertEquals(Duration.ofSeconds(30), c.spoeIdleTimeout());
        assertEquals("localhost:3", c.adminListen().toString());
        assertEquals(Path.of("p.yaml"), c.policyFile().orElseThrow());
        assertEquals(Mode.ENFORCE, c.mode().orElseThrow());
        assertEquals(List.of("GET", "HEAD", "OPTIONS"), c.allowedMethods());
        assertEquals(List.of("application/x-www-form-urlencoded", "multipart/form-data"),
                c.allowedRequestContentTypes());
        assertEquals(Set.of(HttpProtocol.values()), c.allowedHttpVersions());
        assertEquals(1L << 20, c.maxInspectedBytes());
        assertEquals(0, c.maxHeldBodyBytes());
        assertEquals(64 << 10, c.maxMessageBytes());
        assertEquals(2L << 30, c.maxDecompressedBytes());
        assertEquals(List.of(Path.of("x.pb"), Path.of("y.pb")), c.descriptorSets());
        assertFalse(c.grpcReflection());
        assertEquals(Duration.ofSeconds(3), c.grpcReflectionTimeout());
        assertTrue(c.events().isStdout());
        assertEquals(64, c.eventsQueueCapacity());
        assertEquals(new EventFileRotation(0, 1), c.eventsRotation());
        assertFalse(c.eventsRotation().limited());
        assertEquals(Path.of("k"), c.hashKeyFile().orElseThrow());
        assertEquals("https://other.example.com", c.console().orElseThrow().url());
        assertEquals(Path.of("spool"), c.console().orElseThrow().spoolDir());
    }

    @Test
    void spoeLimitsOutsideTheirBoundsAreRefusedWithWhere() {
        assertEquals(List.of("sluice.yaml:2:19: spoe.max_frame_size must be between 4KiB and 16MiB, not 1KiB"),
                errors("spoe:\n  max_frame_size: 1KiB\n", Map.of()));
        assertEquals(List.of("environment: SLUICE_SPOE_MAX_FRAME_SIZE must be between 4KiB and 16MiB, not 32MiB"),
                errors("", Map.of("SLUICE_SPOE_MAX_FRAME_SIZE", "32MiB")));
        assertEquals(List.of("sluice.yaml:2:17: spoe.idle_timeout must be between 1ms and 1h"),
                errors("spoe:\n  idle_timeout: 61m\n", Map.of()));
        assertEquals(List.of("environment: SLUICE_SPOE_HELLO_TIMEOUT must be a duration such as 500ms, 2s or 1m, not 'soon'"),
                errors("", Map.of("SLUICE_SPOE_HELLO_TIMEOUT", "soon")));
        assertEquals(List.of("sluice.yaml:2:3: unknown key 'spoe.redact_statuses': it was retired, the shipped"
                + " haproxy.cfg returns a redacted body under any status (sluice.lua); remove the key"),
                errors("spoe:\n  redact_statuses: [200, 304]\n", Map.of()));
    }

    @Test
    void eventFileLimitsOutsideTheirBoundsAreRefusedWithWhere() {
        assertEquals(List.of("sluice.yaml:2:19: events.max_file_bytes must be 0 (no limit) or between 16KiB and 1024GiB,"
                + " not 1024"), errors("events:\n  max_file_bytes: 1KiB\n", Map.of()));
        assertEquals(List.of("environment: SLUICE_EVENTS_MAX_FILE_BYTES must be a size such as 1048576, 64KiB, 32MiB"
                + " or 1GiB, not 'big'"), errors("", Map.of("SLUICE_EVENTS_MAX_FILE_BYTES", "big")));
        assertEquals(List.of("sluice.yaml:2:15: events.keep_files must be a whole number from 1 to 100, not '0'"),
                errors("events:\n  keep_files: 0\n", Map.of()));
        assertEquals(List.of("environment: SLUICE_EVENTS_KEEP_FILES must be a whole number from 1 to 100, not '1e3'"),
                errors("", Map.of("SLUICE_EVENTS_KEEP_FILES", "1e3")));
    }

    @Test
    void anEmptyVariableCountsAsUnset() throws Exception {
        SluiceConfig c = load("proxy:\n  listen: 0.0.0.0:7000\n", Map.of("SLUICE_LISTEN", "  ", "BACKEND", ""));
        assertEquals(7000, c.proxyListen().port());
        assertTrue(c.backend().isEmpty());
    }

    @Test
    void anUnknownKeyIsAnErrorAtItsPositionWithTheNearestKnownKey() {
        assertEquals(List.of("sluice.yaml:3:3: unknown key 'proxy.listn', did you mean 'proxy.listen'?"),
                errors("mode: detect\nproxy:\n  listn: 0.0.0.0:1\n", Map.of()));
        assertEquals(List.of("sluice.yaml:1:1: unknown key 'backnd', did you mean 'backend'?"),
                errors("backnd: http://x:1\n", Map.of()));
        assertEquals(List.of("sluice.yaml:1:1: unknown key 'colour'"), errors("colour: blue\n", Map.of()));
    }

    @Test
    void everyErrorOfAFileIsReportedAtOnceWithLineAndColumn() {
        List<String> errors = errors("""
                mode: enforse
                proxy:
                  listen: nowhere
                limits:
                  max_inspected_bytes: 12 parsecs
                  max_held_body_bytes: -1
                grpc:
                  reflection: maybe
                  reflection_timeout: 2 hours
                events: stdout
                """, Map.of());
        assertEquals(List.of(
                "sluice.yaml:1:7: mode must be enforce or detect, not 'enforse', did you mean 'enforce'?",
                "sluice.yaml:3:11: proxy.listen must be host:port (e.g. 0.0.0.0:8080), not 'nowhere'",
                "sluice.yaml:5:24: limits.max_inspected_bytes unknown size unit 'parsecs' (expected KiB, MiB, GiB, KB,"
                        + " MB or GB)",
                "sluice.yaml:6:24: limits.max_held_body_bytes must be a size such as 1048576, 64KiB, 32MiB or 1GiB,"
                        + " not '-1'",
                "sluice.yaml:8:15: grpc.reflection must be true or false (or on, off), not 'maybe'",
                "sluice.yaml:9:23: grpc.reflection_timeout must be a duration such as 500ms, 2s or 1m, not '2 hours'",
                "sluice.yaml:10:9: 'events' must be a mapping of its keys (output, queue_capacity, max_file_bytes, keep_files, compress_rotated), not a string"),
                errors);
    }

    @Test
    void environmentErrorsNameTheVariable() {
        assertEquals(List.of(
                "environment: SLUICE_MODE must be enforce or detect, not 'dtect', did you mean 'detect'?",
                "environment: SLUICE_LISTEN must be host:port (e.g. 0.0.0.0:8080), not '8080'",
                "environment: ALLOWED_METHODS not an HTTP method name: 'G(ET'",
                "environment: ALLOWED_HTTP_VERSIONS must list HTTP/1.0, HTTP/1.1, HTTP/2 (or HTTP/2.0), not 'HTTP/3'"),
                errors("", Map.of("SLUICE_LISTEN", "8080", "SLUICE_MODE", "dtect",
                        "ALLOWED_HTTP_VERSIONS", "HTTP/1.1 HTTP/3", "ALLOWED_METHODS", "G(ET")));
    }

    @Test
    void anEnvironmentErrorIsReportedEvenWhenTheFileIsWrongToo() {
        assertEquals(List.of("sluice.yaml:1:9: unknown key 'proxy.port'", "environment: SLUICE_LISTEN must be host:port"
                        + " (e.g. 0.0.0.0:8080), not 'x'"),
                errors("proxy: {port: 1}\n", Map.of("SLUICE_LISTEN", "x")));
    }

    @Test
    void yamlSyntaxErrorsAndShapesAreReportedAtTheirPosition() {
        assertEquals(List.of("sluice.yaml:2:1: duplicate key 'mode'"), errors("mode: detect\nmode: enforce\n", Map.of()));
        assertEquals(List.of("sluice.yaml:1:1: sluice.yaml must be a mapping of sections and keys, not a list"),
                errors("- a\n- b\n", Map.of()));
        assertEquals(List.of("sluice.yaml:1:10: backend must be a single value, not a list"),
                errors("backend: [http://a:1]\n", Map.of()));
        assertEquals(List.of("sluice.yaml:2:21: proxy.allowed_methods entries must be single values, not a mapping"),
                errors("proxy:\n  allowed_methods: [{a: b}]\n", Map.of()));
        List<String> syntax = errors("proxy:\n  allowed_methods: [GET,\nmode: detect\n", Map.of());
        assertEquals(1, syntax.size(), syntax.toString());
        assertEquals("sluice.yaml:4:1: YAML syntax: expected ',' or ']', but got <stream end>"
                + " (while parsing a flow sequence)", syntax.getFirst());
    }

    @Test
    void theAdminEndpointStaysOnLoopbackUnlessTheFileAllowsOtherwise() throws Exception {
        assertEquals(List.of("sluice.yaml:2:11: admin.listen must be a loopback address (127.0.0.1, ::1 or localhost),"
                        + " not 0.0.0.0:9464; set admin.allow_non_loopback: true in sluice.yaml to expose metrics"
                        + " beyond this host"),
                errors("admin:\n  listen: 0.0.0.0:9464\n", Map.of()));
        assertEquals(List.of("environment: SLUICE_ADMIN_LISTEN must be a loopback address (127.0.0.1, ::1 or localhost),"
                        + " not 10.0.0.5:9464; set admin.allow_non_loopback: true in sluice.yaml to expose metrics"
                        + " beyond this host"),
                errors("", Map.of("SLUICE_ADMIN_LISTEN", "10.0.0.5:9464")));
        assertEquals(List.of("sluice.yaml:1:1: unknown key 'allow_non_loopback', did you mean"
                        + " 'admin.allow_non_loopback'?"), errors("allow_non_loopback: true\n", Map.of()));
        SluiceConfig allowed = load("admin:\n  listen: 0.0.0.0:9464\n  allow_non_loopback: true\n", Map.of());
        assertEquals("0.0.0.0:9464", allowed.adminListen().toString());
        assertTrue(allowed.adminAllowNonLoopback());
        assertEquals("127.0.0.2:1", load("", Map.of("SLUICE_ADMIN_LISTEN", "127.0.0.2:1")).adminListen().toString());
        assertThrows(IllegalStateException.class,
                () -> SluiceConfig.builder().adminListen(HostPort.parse("192.168.1.1:9464")).build());
    }

    @Test
    void aBackendWithCredentialsOrAQueryIsRefusedWithoutRepeatingIt() {
        List<String> e = errors("backend: http://admin:hunter2@backend:80\n", Map.of());
        assertEquals(List.of("sluice.yaml:1:10: backend must be http://host[:port] without user or password"), e);
        List<String> q = errors("", Map.of("BACKEND", "http://backend:80/x?token=s3cr3t"));
        assertEquals(List.of("environment: BACKEND must be http://host[:port] (cleartext http, no path or query)"), q);
    }

    @Test
    void relativePathsInAFileStartFromItsFolder(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sluice.yaml");
        Files.writeString(file, "policy: policies/p.yaml\nhash_key_file: /abs/key\ngrpc:\n  descriptor_sets: [a.pb]\n"
                + "events:\n  output: logs/events.jsonl\n");
        SluiceConfig c = SluiceConfigLoader.load(Optional.of(file), Map.of("SLUICE_MODE", "detect"));
        Path base = dir.toAbsolutePath();
        assertEquals(base.resolve("policies/p.yaml"), c.policyFile().orElseThrow());
        assertEquals(Path.of("/abs/key"), c.hashKeyFile().orElseThrow());
        assertEquals(List.of(base.resolve("a.pb")), c.descriptorSets());
        assertEquals(base.resolve("logs/events.jsonl"), c.events().file());
        assertEquals(Mode.DETECT, c.mode().orElseThrow());
    }

    @Test
    void aMissingOrNonUtf8FileIsAnErrorNamingIt(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope.yaml");
        ConfigException e = assertThrows(ConfigException.class,
                () -> SluiceConfigLoader.load(Optional.of(missing), Map.of()));
        assertTrue(e.getMessage().startsWith(missing + ":1:1: cannot read the file (NoSuchFileException"), e.getMessage());
        Path latin1 = dir.resolve("l.yaml");
        Files.write(latin1, new byte[] {'m', 'o', 'd', 'e', ':', ' ', (byte) 0xE9});
        ConfigException e2 = assertThrows(ConfigException.class,
                () -> SluiceConfigLoader.load(Optional.of(latin1), Map.of()));
        assertTrue(e2.getMessage().contains("not UTF-8"), e2.getMessage());
    }

    @Test
    void theConfigFileComesFromTheOptionThenTheVariableThenTheWorkingDirectory(@TempDir Path dir) throws Exception {
        assertEquals(Optional.of(Path.of("a.yaml")),
                SluiceConfigLoader.configFile("a.yaml", Map.of("SLUICE_CONFIG", "b.yaml"), dir));
        assertEquals(Optional.of(Path.of("b.yaml")), SluiceConfigLoader.configFile(null, Map.of("SLUICE_CONFIG",
                "b.yaml"), dir));
        assertEquals(Optional.empty(), SluiceConfigLoader.configFile(null, Map.of(), dir));
        Files.writeString(dir.resolve("sluice.yaml"), "");
        assertEquals(Optional.of(dir.resolve("sluice.yaml")), SluiceConfigLoader.configFile("", Map.of(), dir));
        assertEquals(SluiceConfig.defaults().toString(),
                SluiceConfigLoader.load(Optional.empty(), Map.of()).toString());
    }

    @Test
    void theProxyBuilderCarriesTheProxySettings() throws Exception {
        SluiceConfig c = load(FULL, Map.of());
        var proxy = c.proxyConfigBuilder().build();
        assertEquals(18080, proxy.listenPort());
        assertEquals(URI.create("http://127.0.0.1:3000"), proxy.upstream());
        assertEquals(Set.of("GET", "HEAD", "POST"), proxy.allowedMethods());
        assertEquals(512L << 10, proxy.maxHeldBodyBytes());
        assertEquals(Duration.ofSeconds(2), proxy.connectTimeout());
        assertEquals(Duration.ofSeconds(30), proxy.readTimeout());
        assertEquals(Duration.ofSeconds(90), proxy.idleTimeout());
        assertEquals(Duration.ofSeconds(5), proxy.requestHeadTimeout());
        var defaults = load("backend: http://127.0.0.1:3000\n", Map.of("SLUICE_IDLE_TIMEOUT", "15s"))
                .proxyConfigBuilder().build();
        assertEquals(Duration.ofSeconds(15), defaults.idleTimeout());
        assertEquals(Duration.ofMinutes(5), defaults.streamIdleTimeout(), "a feed's quiet, as Envoy's stream idle");
        assertEquals(Duration.ofMinutes(30), load("backend: http://127.0.0.1:3000\nproxy:\n  stream_idle_timeout: 30m\n",
                Map.of()).proxyConfigBuilder().build().streamIdleTimeout());
        assertEquals(Duration.ofSeconds(10), defaults.requestHeadTimeout(), "unset keeps the proxy's default");
        assertEquals(List.of("sluice.yaml:2:17: proxy.read_timeout must be between 1ms and 1h"),
                errors("proxy:\n  read_timeout: 61m\n", Map.of()));
        assertThrows(IllegalStateException.class, () -> SluiceConfig.defaults().proxyConfigBuilder());
        assertEquals(EscapedSlashAction.KEEP_UNCHANGED, defaults.pathWithEscapedSlashes());
        assertEquals(EscapedSlashAction.REJECT_REQUEST, load("backend: http://127.0.0.1:3000\nproxy:\n"
                + "  path_with_escaped_slashes: reject_request\n", Map.of()).proxyConfigBuilder().build()
                .pathWithEscapedSlashes());
        assertEquals(EscapedSlashAction.UNESCAPE_AND_FORWARD, load("backend: http://127.0.0.1:3000\n",
                Map.of("SLUICE_PATH_WITH_ESCAPED_SLASHES", "UNESCAPE_AND_FORWARD")).proxyConfigBuilder().build()
                .pathWithEscapedSlashes());
        assertEquals(List.of("environment: SLUICE_PATH_WITH_ESCAPED_SLASHES must be one of keep_unchanged,"
                + " reject_request, unescape_and_forward, not 'reject_requets', did you mean 'reject_request'?"),
                errors("", Map.of("SLUICE_PATH_WITH_ESCAPED_SLASHES", "reject_requets")));
    }

    @Test
    void tlsSettingsMustGoTogether() throws Exception {
        assertEquals(List.of("sluice.yaml:2:13: tls.key_file has no effect without tls.cert_file (SLUICE_TLS_CERT_FILE)"),
                errors("tls:\n  key_file: /k.pem\n", Map.of("BACKEND", "http://127.0.0.1:1")));
        assertEquals(List.of("sluice.yaml:2:14: tls.cert_file needs tls.key_file (SLUICE_TLS_KEY_FILE): its private key"),
                errors("tls:\n  cert_file: /c.pem\n", Map.of()));
        assertEquals(List.of("sluice.yaml:3:12: backend_tls.ca_file has no effect without an https:// backend"),
                errors("backend: http://127.0.0.1:1\nbackend_tls:\n  ca_file: /ca.pem\n", Map.of()));
        assertEquals(List.of("environment: SLUICE_BACKEND_CERT_FILE needs backend_tls.key_file: its private key"),
                errors("", Map.of("BACKEND", "https://h:1", "SLUICE_BACKEND_CERT_FILE", "/c.pem")));
        assertEquals(List.of("environment: SLUICE_TLS_RELOAD_INTERVAL has no effect without tls.cert_file or "
                        + "backend_tls files to read again"),
                errors("", Map.of("BACKEND", "https://h:1", "SLUICE_TLS_RELOAD_INTERVAL", "10s")));
        assertEquals(List.of("sluice.yaml:2:20: tls.reload_interval must be within 1s..1h"),
                errors("tls:\n  reload_interval: 500ms\n", Map.of("BACKEND", "http://127.0.0.1:1")));
        assertEquals(java.time.Duration.ofMinutes(5), load("backend: https://h:1\nbackend_tls:\n  ca_file: /ca.pem\n"
                + "tls:\n  reload_interval: 5m\n", Map.of()).tlsReloadInterval());
        assertEquals(List.of("environment: SLUICE_BACKEND_SERVER_NAME must be a host name"),
                errors("", Map.of("BACKEND", "https://h:1", "SLUICE_BACKEND_SERVER_NAME", "a b")));
    }

    @Test
    void tlsFilesAreReadAtStartupWithAnErrorNamingTheSectionAndTheFix(@TempDir Path dir) throws Exception {
        SluiceConfig missing = load("backend: https://orders.internal\nbackend_tls:\n  ca_file: /nope/ca.pem\n",
                Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, missing::proxyConfigBuilder);
        assertEquals("backend_tls: upstream CA file: cannot read /nope/ca.pem", e.getMessage());
        assertEquals(443, load("backend: https://orders.internal\n", Map.of()).proxyConfigBuilder().build()
                .upstream().getPort(), "https defaults to port 443; the JDK's trust store needs no file");

        TestPki pki = TestPki.create(dir);
        // A real PKCS#1 key, as 'openssl genrsa' wrote it for years: the RSAPrivateKey inside the
        // JDK's PKCS#8 encoding of a 2048-bit key starts after its 26-byte header. It is read, and
        // refused because it is not the certificate's key.
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        byte[] pkcs8 = rsa.generateKeyPair().getPrivate().getEncoded();
        byte[] rsaPrivateKey = java.util.Arrays.copyOfRange(pkcs8, 26, pkcs8.length);
        Path pkcs1 = Files.writeString(dir.resolve("rsa.key"), "-----BEGIN RSA PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(rsaPrivateKey) + "\n-----END RSA PRIVATE KEY-----\n");
        SluiceConfig wrongKey = load("backend: http://127.0.0.1:1\n", Map.of("SLUICE_TLS_CERT_FILE",
                pki.serverCertPem.toString(), "SLUICE_TLS_KEY_FILE", pkcs1.toString()));
        e = assertThrows(IllegalArgumentException.class, wrongKey::proxyConfigBuilder);
        assertTrue(e.getMessage().startsWith("tls: the private key " + pkcs1 + " does not belong to the certificate"),
                e.getMessage());
        Path encrypted = Files.writeString(dir.resolve("encrypted.key"), "-----BEGIN RSA PRIVATE KEY-----\n"
                + "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,13C6AAD0108D0899D649BDE68F908A2D\n\n"
                + Base64.getMimeEncoder().encodeToString(rsaPrivateKey) + "\n-----END RSA PRIVATE KEY-----\n");
        SluiceConfig locked = load("backend: http://127.0.0.1:1\n", Map.of("SLUICE_TLS_CERT_FILE",
                pki.serverCertPem.toString(), "SLUICE_TLS_KEY_FILE", encrypted.toString()));
        e = assertThrows(IllegalArgumentException.class, locked::proxyConfigBuilder);
        assertTrue(e.getMessage().startsWith("tls: key file: " + encrypted + " holds an encrypted key")
                && e.getMessage().contains("openssl pkey -in key.pem"), e.getMessage());

        SluiceConfig good = load("backend: http://127.0.0.1:1\ntls:\n  cert_file: " + pki.serverCertPem
                + "\n  key_file: " + pki.serverKeyPem + "\n  client_ca_file: " + pki.caPem + "\n", Map.of());
        assertTrue(good.proxyConfigBuilder().build().serverTls().mutual());
    }

    @Test
    void theExampleFilesLoad() throws Exception {
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        SluiceConfig deploy = SluiceConfigLoader.load(Optional.of(root.resolve("deploy/sluice.yaml")), Map.of());
        assertTrue(deploy.backend().isPresent());
        String doc = Files.readString(root.resolve("standalone-mode/CONFIG.md"));
        int start = doc.indexOf("```yaml\n") + "```yaml\n".length();
        String example = doc.substring(start, doc.indexOf("```", start));
        SluiceConfig fromDoc = load(example, Map.of());
        assertEquals(Setting.values().length, countKeys(example), "the example in CONFIG.md sets every key");
        assertTrue(fromDoc.backend().isPresent());
    }

    private static long countKeys(String yaml) {
        return java.util.Arrays.stream(Setting.values())
                .filter(s -> {
                    String leaf = s.key().substring(s.key().lastIndexOf('.') + 1);
                    return yaml.lines().anyMatch(l -> l.strip().startsWith(leaf + ":"));
                })
                .count();
    }
}
