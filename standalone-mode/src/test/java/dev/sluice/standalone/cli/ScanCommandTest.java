package dev.sluice.standalone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void adHocFileWithFindingsExitsOneAndPrintsTheContractFormat() throws IOException {
        Path f = dir.resolve("body.json");
        Files.writeString(f, "{\"ok\": true, \"contact\": \"jane.roe@mailbox.org\"}");
        CliRun r = CliRun.of("scan", "--content-type", "application/json", f.toString());
        assertEquals(1, r.code(), r.err());
        JsonNode line = JSON.readTree(r.out().strip());
        assertEquals(f.toString(), line.get("file").asText());
        JsonNode finding = line.get("findings").get(0);
        assertEquals("email", finding.get("id").asText());
        assertEquals("pii", finding.get("category").asText());
        assertEquals(25, finding.get("start").asInt());
        assertEquals(45, finding.get("end").asInt());
        assertEquals("$.contact", finding.get("path").asText());
        assertEquals("alert", finding.get("action").asText());
    }

    @Test
    void withoutOptionsTheFilesExtensionsGiveItsTypeAndCoding() throws IOException {
        Path page = dir.resolve("profile.HTML");
        Files.writeString(page, "<dl><dt>Email</dt><dd>jane.roe&#64;mailbox.org</dd></dl>");
        Path gz = dir.resolve("users.json.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("{\"users\": [{\"card\": \"4111 1111 1111 1111\"}]}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        CliRun r = CliRun.of("scan", page.toString(), gz.toString());
        assertEquals(1, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        JsonNode html = JSON.readTree(lines[0]).get("findings").get(0);
        assertEquals("email", html.get("id").asText(), "a reference is decoded only in HTML");
        assertEquals("dd", html.get("path").asText());
        assertEquals(22, html.get("start").asInt());
        JsonNode json = JSON.readTree(lines[1]).get("findings").get(0);
        assertEquals("credit_card", json.get("id").asText(), "decompressed and read as JSON");
        assertEquals("$.users[0].card", json.get("path").asText());
        assertEquals("decoded", json.get("offsets").asText(), "its offsets are into the decompressed body");
        assertTrue(html.get("offsets") == null, "offsets into the file as it is: no mark");
    }

    @Test
    void policyAndOutWriteTheBodyAsForwardedAndPrintEachAction() throws IOException {
        Path f = dir.resolve("body.json");
        Files.writeString(f, "{\"ok\": true, \"contact\": \"jane.roe@mailbox.org\", \"n\": 4111111111111111}");
        Path out = dir.resolve("out");
        Path policy = Path.of("..", "deploy", "policies", "redact-all.yaml");
        CliRun r = CliRun.of("scan", "--policy", policy.toString(), "--out", out.toString(), "--content-type",
                "application/json", f.toString());
        assertEquals(1, r.code(), r.err());
        JsonNode line = JSON.readTree(r.out().strip());
        assertEquals("allow", line.get("verdict").asText());
        for (JsonNode finding : line.get("findings")) {
            assertEquals("redact", finding.get("action").asText(), finding.toString());
        }
        String written = Files.readString(out.resolve(f.toString().substring(1)));
        assertEquals("{\"ok\": true, \"contact\": \"[REDACTED:email]\", \"n\": \"************1111\"}", written);
    }

    /** {@code --method/--host/--path} say which request a body belongs to: the route that decides it, printed with each rule. */
    @Test
    void theRequestTargetSelectsTheRouteThatDecides() throws IOException {
        Path f = dir.resolve("export.json");
        Files.writeString(f, "{\"contact\": \"jane.roe@mailbox.org\"}");
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, """
                version: 1
                defaults:
                  actions: {pii: alert}
                routes:
                  - name: exports
                    match: {path: /v1/exports/**, methods: [GET], host: api.acme.io}
                    response: {email: block}
                """);
        String[] scan = {"scan", "--policy", policy.toString(), "--content-type", "application/json"};
        JsonNode anywhere = JSON.readTree(CliRun.of(concat(scan, f.toString())).out().strip());
        assertEquals("default", anywhere.get("route").asText());
        assertEquals("allow", anywhere.get("verdict").asText());
        assertEquals("defaults.actions.pii", anywhere.get("findings").get(0).get("rule").asText());

        CliRun r = CliRun.of(concat(scan, "--method", "GET", "--host", "api.acme.io", "--path", "/v1/exports/7",
                f.toString()));
        assertEquals(1, r.code(), r.err());
        JsonNode export = JSON.readTree(r.out().strip());
        assertEquals("exports", export.get("route").asText());
        assertEquals("block", export.get("verdict").asText());
        JsonNode finding = export.get("findings").get(0);
        assertEquals("block", finding.get("action").asText());
        assertEquals("routes[exports].response.email", finding.get("rule").asText());
        assertEquals("default", JSON.readTree(CliRun.of(concat(scan, "--method", "POST", "--host", "api.acme.io",
                "--path", "/v1/exports/7", f.toString())).out().strip()).get("route").asText(), "the route wants GET");

        CliRun badPath = CliRun.of("scan", "--path", "v1/x", f.toString());
        assertEquals(2, badPath.code());
        assertTrue(badPath.err().contains("--path must start with /, not 'v1/x'"), badPath.err());
        CliRun badMethod = CliRun.of("scan", "--method", "GE T", f.toString());
        assertEquals(2, badMethod.code());
        assertTrue(badMethod.err().contains("--method must be an HTTP method"), badMethod.err());
    }

    /** The route's own {@code max_inspected_bytes} bounds what scan reads, and its fail rule decides as a front end's. */
    @Test
    void theRoutesBoundOnInspectedBytesAppliesAndItsFailRuleDecides() throws IOException {
        Path f = dir.resolve("export.json");
        Files.writeString(f, "{\"pad\": \"" + "p".repeat(2000) + "\", \"contact\": \"jane.roe@mailbox.org\"}");
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, """
                version: 1
                defaults:
                  actions: {pii: alert}
                routes:
                  - name: exports
                    match: {path: /v1/exports/**}
                    limits: {max_inspected_bytes: {response: 1KiB}}
                  - name: strict
                    match: {path: /v1/strict/**}
                    limits: {max_inspected_bytes: 1KiB}
                    on_failure: {limit: closed}
                """);
        String[] scan = {"scan", "--policy", policy.toString(), "--content-type", "application/json", "--path"};
        JsonNode whole = JSON.readTree(CliRun.of(concat(scan, "/v1/other", f.toString())).out().strip());
        assertEquals("email", whole.get("findings").get(0).get("id").asText(), "the defaults read it all");
        CliRun bounded = CliRun.of(concat(scan, "/v1/exports/1", f.toString()));
        assertEquals(0, bounded.code(), bounded.err());
        JsonNode exports = JSON.readTree(bounded.out().strip());
        assertEquals(0, exports.get("findings").size(), "the address lies past the route's first KiB");
        assertEquals("INSPECTED_BYTES_LIMIT", exports.get("outcome").asText());
        assertEquals("allow", exports.get("verdict").asText());
        JsonNode strict = JSON.readTree(CliRun.of(concat(scan, "/v1/strict/1", f.toString())).out().strip());
        assertEquals("block", strict.get("verdict").asText());
        assertEquals("fail:limit", strict.get("reason").asText());
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    /** A request head from a file; an allow-list entry names a header or a query parameter by its field path, globs and all. */
    @Test
    void aRequestHeadIsScannedAndItsFieldPathsAreWhatAllowListsName() throws IOException {
        Path head = dir.resolve("request.http");
        Files.writeString(head, "GET /console?sql=SELECT%20name%20FROM%20users%20WHERE%20id=1%20OR%201=1"
                + "&q=1%20UNION%20SELECT%20a%20FROM%20b-- HTTP/1.1\r\nHost: x\r\n"
                + "X-Report-Query: 1 UNION SELECT password FROM users--\r\n"
                + "X-Other: 1 UNION SELECT password FROM users--\r\n\r\n");
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, """
                version: 1
                defaults:
                  request:
                    attack: block
                allow:
                  - fields: ["header:x-report-*", "query:sql"]
                    detectors: [attack.sqli]
                """);
        CliRun r = CliRun.of("scan", "--direction", "request", "--content-type", "message/http", "--policy",
                policy.toString(), head.toString());
        assertEquals(1, r.code(), r.err());
        StringBuilder actions = new StringBuilder();
        for (JsonNode f : JSON.readTree(r.out().strip()).get("findings")) {
            actions.append(f.get("path").asText()).append('=').append(f.get("action").asText()).append(' ');
        }
        assertEquals("query:sql=ignore query:q=block header:x-report-query=ignore header:x-other=block",
                actions.toString().strip());
    }

    @Test
    void anOutputNameOutsideTheFolderIsRefused() throws IOException {
        Path corpus = dir.resolve("c");
        Files.createDirectories(corpus);
        Files.writeString(dir.resolve("secret.txt"), "mail jane.roe@mailbox.org");
        Files.writeString(corpus.resolve("labels.jsonl"), "{\"file\": \"../secret.txt\", \"content_type\": \"text/plain\"}\n");
        CliRun r = CliRun.of("scan", "--manifest", corpus.resolve("labels.jsonl").toString(), "--out",
                dir.resolve("out").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("not a path inside the output folder"), r.err());
    }

    @Test
    void aPolicyThatDoesNotLoadIsAnErrorBeforeAnyScan() throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "version: 1\nmode: sometimes\n");
        CliRun r = CliRun.of("scan", "--policy", bad.toString(), "--content-type", "text/plain", bad.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("does not load"), r.err());
        assertTrue(r.out().isEmpty(), r.out());
    }

    static Path leakDev() {
        return Path.of(System.getProperty("sluice.shared", "/work/shared"), "corpora", "leak-dev");
    }

    @Test
    void grpcBodyWithItsMethodIsReadWithTheSchemaAndWithoutOnRequest() throws IOException {
        Path corpus = leakDev();
        String body = corpus.resolve("docs/0037-grpc.grpc").toString();
        String desc = corpus.resolve("proto/leak_dev.desc").toString();
        CliRun schema = CliRun.of("scan", "--content-type", "application/grpc", "--descriptor-set", desc,
                "--grpc-method", "/leakdev.auth.v1.AuthService/WatchCredentials", body);
        assertEquals(1, schema.code(), schema.err());
        JsonNode token = JSON.readTree(schema.out().strip()).get("findings").get(0);
        assertEquals("gitlab_token", token.get("id").asText());
        assertEquals(672, token.get("start").asInt());
        assertEquals(698, token.get("end").asInt());
        assertEquals("schema", token.get("mode").asText());
        assertTrue(token.get("path").asText().matches("[a-z_.\\[\\]0-9]+"), token.get("path").asText());

        CliRun schemaLess = CliRun.of("scan", "--no-schema", "--content-type", "application/grpc", "--descriptor-set", desc,
                "--grpc-method", "/leakdev.auth.v1.AuthService/WatchCredentials", body);
        JsonNode same = JSON.readTree(schemaLess.out().strip()).get("findings").get(0);
        assertEquals(672, same.get("start").asInt());
        assertEquals("schemaless", same.get("mode").asText());
        assertTrue(same.get("path").asText().matches("[0-9.]+"), same.get("path").asText());
    }

    @Test
    void anUnknownMethodOrAMissingDescriptorSetIsReportedAndTheBodyReadSchemaLess() {
        Path corpus = leakDev();
        String body = corpus.resolve("docs/0037-grpc.grpc").toString();
        CliRun unknown = CliRun.of("scan", "--content-type", "application/grpc", "--descriptor-set",
                corpus.resolve("proto/leak_dev.desc").toString(), "--grpc-method", "/no.Such/Method", body);
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("method /no.Such/Method is not in"), unknown.err());
        assertTrue(unknown.out().contains("\"mode\":\"schemaless\""), unknown.out());
        CliRun missing = CliRun.of("scan", "--content-type", "application/grpc", "--descriptor-set",
                dir.resolve("none.desc").toString(), "--grpc-method", "/a.B/C", body);
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("cannot load descriptor set"), missing.err());
    }

    /** {@code curl … | sluice scan -}: standard input, unlabelled (recognised by its first bytes) or as labelled. */
    @Test
    void standardInputIsScannedAsTheFileNamedDash() throws IOException {
        byte[] json = "{\"contact\": \"jane.roe@mailbox.org\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        CliRun r = CliRun.withInput(json, "scan", "-");
        assertEquals(1, r.code(), r.err());
        JsonNode line = JSON.readTree(r.out().strip());
        assertEquals("-", line.get("file").asText());
        assertEquals("$.contact", line.get("findings").get(0).get("path").asText(), "read as JSON by its first bytes");
        assertEquals(13, line.get("findings").get(0).get("start").asInt());

        byte[] form = "note=hello&email=jane.roe%40mailbox.org".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Path other = dir.resolve("clean.txt");
        Files.writeString(other, "nothing here");
        Path out = dir.resolve("out");
        r = CliRun.withInput(form, "scan", "--content-type", "application/x-www-form-urlencoded", "--out",
                out.toString(), other.toString(), "-");
        assertEquals(1, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(2, lines.length, r.out());
        JsonNode finding = JSON.readTree(lines[1]).get("findings").get(0);
        assertEquals("email", finding.get("id").asText());
        assertEquals("email", finding.get("path").asText(), "the form field, as the label says");
        assertTrue(Files.exists(out.resolve("stdin")), "--out names standard input's body stdin");

        r = CliRun.withInput(json, "scan", "-", "-");
        assertEquals(2, r.code());
        assertEquals("sluice scan: standard input (-) can be scanned once", r.err().strip());
    }

    @Test
    void helpAfterACommandPrintsTheUsageAndExitsZero() {
        CliRun r = CliRun.of("scan", "--help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("(FILE - is standard input)"), r.out());
        for (String option : List.of("--manifest", "--base", "--content-type", "--content-encoding", "--direction",
                "--descriptor-set", "--grpc-method", "--message-type", "--no-schema", "--policy", "--out", "--method",
                "--host", "--path")) {
            assertTrue(r.out().contains(option + " "), "the usage names " + option);
        }
        assertEquals(0, CliRun.of("check-policy", "-h").code());
    }

    @Test
    void cleanFileExitsZero() throws IOException {
        Path f = dir.resolve("clean.json");
        Files.writeString(f, "{\"ok\": true}");
        assertEquals(0, CliRun.of("scan", "--content-type", "application/json", f.toString()).code());
    }

    @Test
    void missingFileIsAClearErrorAndExitTwo() {
        CliRun r = CliRun.of("scan", "--content-type", "text/plain", dir.resolve("nope.txt").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("file not found"), r.err());
    }

    @Test
    void unknownContentTypeIsReportedAndTheFileStillScanned() throws IOException {
        Path f = dir.resolve("x.bin");
        Files.writeString(f, "mail jane.roe@mailbox.org");
        CliRun r = CliRun.of("scan", "--content-type", "application/x-unheard-of", f.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown content type"), r.err());
        assertTrue(r.out().contains("\"email\""), r.out());
    }

    @Test
    void badManifestLinesAreReportedAndTheOthersScanned() throws IOException {
        Files.writeString(dir.resolve("a.txt"), "call +1 415 555 0142 now");
        Files.writeString(dir.resolve("labels.jsonl"), String.join("\n",
                "{\"file\": \"a.txt\", \"content_type\": \"text/plain\", \"direction\": \"response\"}",
                "this is not json",
                "{\"nofile\": 1}",
                "{\"file\": \"missing.txt\", \"content_type\": \"text/plain\"}",
                "{\"file\": \"a.txt\", \"content_type\": \"text/plain\", \"chunks\": [3, 9, 14]}"));
        CliRun r = CliRun.of("scan", "--manifest", dir.resolve("labels.jsonl").toString());
        assertEquals(2, r.code());
        String[] lines = r.out().strip().split("\n");
        assertEquals(2, lines.length, r.out());
        assertEquals(JSON.readTree(lines[0]).get("findings"), JSON.readTree(lines[1]).get("findings"));
        assertTrue(r.err().contains("labels.jsonl:2"), r.err());
        assertTrue(r.err().contains("labels.jsonl:3"), r.err());
        assertTrue(r.err().contains("missing.txt"), r.err());
    }

    @Test
    void noArgumentsIsAUsageError() {
        assertEquals(2, CliRun.of().code());
        assertEquals(2, CliRun.of("scan").code());
        assertEquals(2, CliRun.of("frobnicate").code());
        assertEquals(0, CliRun.of("--version").code());
    }
}
