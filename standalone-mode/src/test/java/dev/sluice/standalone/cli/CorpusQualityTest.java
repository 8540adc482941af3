package dev.sluice.standalone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quality floors of {@code sluice scan} on the shared corpora, scored by the corpus's own scorer
 * ({@code shared/corpora/score_leaks.py --category}, run with python3; skipped only when python3
 * is missing). leak-dev is scored on the documents the inspector parses itself: gRPC and
 * protobuf bodies (content types with {@code grpc} or {@code proto}, and
 * {@code application/octet-stream}) are left out of both labels and findings. The floors sit a
 * little below today's scores, so a regression fails here rather than in a benchmark later.
 * The clean-documents-flagged share counts every detector, attack detectors included.
 */
class CorpusQualityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double LEAK_DEV_SECRET_F1 = 0.97;
    private static final double LEAK_DEV_PII_F1 = 0.95;
    private static final double LEAK_DEV_CLEAN_FLAGGED = 0.02;
    private static final double PUBLIC_FIXTURES_F1 = 0.93;
    private static final long SCORER_TIMEOUT_S = 120;
    private static final double SCHEMALESS_SELF_IDENTIFYING_F1 = 0.90;
    /** Secret ids whose format identifies them without a field name (TAXONOMY.md). */
    private static final List<String> SELF_IDENTIFYING_SECRETS = List.of("aws_access_key_id", "github_token",
            "gitlab_token", "slack_token", "slack_webhook", "stripe_key", "google_api_key", "openai_api_key",
            "npm_token", "private_key", "jwt", "basic_auth_url");
    /**
     * Detectors whose false alarms on clean leak-dev documents are known, with the reason and the
     * most documents they may flag (today's count, so it cannot grow). Their findings still go
     * to the scorer; they are only left out of the clean-documents-flagged share.
     */

    @TempDir
    Path dir;

    /** What the scorer says about one corpus, and the scan's findings per labelled document. */
    private record Scores(JsonNode metrics, List<JsonNode> labels, Map<String, JsonNode> findings) {
        double f1(String category) {
            return metrics.path("rows").path(category).path("f1").asDouble(-1);
        }

        double microF1() {
            JsonNode m = metrics.path("micro");
            double denominator = m.path("labels").asDouble() + m.path("findings").asDouble();
            return denominator == 0 ? 0 : 2 * m.path("tp").asDouble() / denominator;
        }

        /** Share of documents labelled clean that got any finding (attack findings included). */
        double cleanFlagged() {
            List<JsonNode> clean = labels.stream().filter(l -> !l.path("sensitive").asBoolean()).toList();
            long flagged = clean.stream().filter(l -> !ids(l).isEmpty()).count();
            return clean.isEmpty() ? 0 : (double) flagged / clean.size();
        }

        private Set<String> ids(JsonNode label) {
            Set<String> ids = new HashSet<>();
            findings.get(label.get("file").asText()).path("findings").forEach(f -> ids.add(f.path("id").asText()));
            return ids;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "secret F1 %.3f, pii F1 %.3f, micro F1 %.3f, clean flagged %.3f",
                    f1("secret"), f1("pii"), microF1(), cleanFlagged());
        }
    }

    @Test
    void leakDevNonGrpcDocumentsMeetTheFloors() throws Exception {
        Scores s = score("leak-dev", Subset.NOT_GRPC, true);
        assertTrue(s.f1("secret") >= LEAK_DEV_SECRET_F1, s::toString);
        assertTrue(s.f1("pii") >= LEAK_DEV_PII_F1, s::toString);
        assertTrue(s.cleanFlagged() <= LEAK_DEV_CLEAN_FLAGGED, s::toString);
    }

    @Test
    void leakDevGrpcAndProtobufDocumentsWithTheirSchemaMeetTheJsonFloors() throws Exception {
        Scores s = score("leak-dev", Subset.GRPC, true);
        assertTrue(s.f1("secret") >= LEAK_DEV_SECRET_F1, s::toString);
        assertTrue(s.f1("pii") >= LEAK_DEV_PII_F1, s::toString);
        assertTrue(s.cleanFlagged() <= LEAK_DEV_CLEAN_FLAGGED, s::toString);
    }

    /**
     * Without descriptors field names are unknown, so ids that need a context key cannot be found;
     * the secrets whose format identifies them by itself must still be.
     */
    @Test
    void leakDevGrpcAndProtobufDocumentsSchemaLessFindSelfIdentifyingSecrets() throws Exception {
        Scores s = score("leak-dev", Subset.GRPC, false, "--no-schema");
        double tp = 0;
        double labelled = 0;
        double found = 0;
        for (String id : SELF_IDENTIFYING_SECRETS) {
            JsonNode row = s.metrics().path("rows").path(id);
            tp += row.path("tp").asDouble();
            labelled += row.path("labels").asDouble();
            found += row.path("findings").asDouble();
        }
        double f1 = 2 * tp / (labelled + found);
        assertTrue(labelled > 100, "self-identifying secret labels: " + labelled);
        assertTrue(f1 >= SCHEMALESS_SELF_IDENTIFYING_F1, "schema-less F1 on self-identifying secrets " + f1);
        assertTrue(s.cleanFlagged() <= LEAK_DEV_CLEAN_FLAGGED, s::toString);
    }

    @Test
    void publicFixturesMeetTheFloor() throws Exception {
        Scores s = score("public-fixtures", Subset.ALL, true);
        assertTrue(s.microF1() >= PUBLIC_FIXTURES_F1, s::toString);
    }

    /** Which documents of a corpus a test scores. */
    private enum Subset {
        ALL, GRPC, NOT_GRPC;

        boolean includes(String contentType) {
            return this == ALL || (this == GRPC) == isGrpcOrProtobuf(contentType);
        }
    }

    /** Scans corpus {@code name} in manifest mode ({@code options} added) and scores it by category or id. */
    private Scores score(String name, Subset subset, boolean byCategory, String... options) throws Exception {
        Assumptions.assumeTrue(python3Available(), "python3 is not installed");
        Path corpora = corpora();
        Path manifest = corpora.resolve(name).resolve("labels.jsonl");
        List<String> labels = new ArrayList<>();
        List<JsonNode> labelRecords = new ArrayList<>();
        Set<String> files = new HashSet<>();
        for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode rec = JSON.readTree(line);
            if (subset.includes(rec.path("content_type").asText(""))) {
                labels.add(line);
                labelRecords.add(rec);
                files.add(rec.get("file").asText());
            }
        }
        List<String> findings = new ArrayList<>();
        Map<String, JsonNode> byFile = new HashMap<>();
        for (String line : scan(manifest, options).strip().split("\n")) {
            JsonNode rec = JSON.readTree(line);
            if (files.contains(rec.get("file").asText())) {
                findings.add(line);
                byFile.put(rec.get("file").asText(), rec);
            }
        }
        assertEquals(labels.size(), findings.size(), "one output line per labelled document");
        Path labelsFile = Files.write(dir.resolve(name + "-labels.jsonl"), labels);
        Path findingsFile = Files.write(dir.resolve(name + "-findings.jsonl"), findings);
        Path metrics = dir.resolve(name + "-metrics.json");
        List<String> command = new ArrayList<>(List.of("python3", corpora.resolve("score_leaks.py").toString(),
                labelsFile.toString(), findingsFile.toString(), "--json", metrics.toString()));
        if (byCategory) {
            command.add("--category");
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String report = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(SCORER_TIMEOUT_S, TimeUnit.SECONDS), "scorer timed out");
        assertEquals(0, p.exitValue(), report);
        return new Scores(JSON.readTree(metrics.toFile()), labelRecords, byFile);
    }

    /** {@code sluice scan --manifest}, in process; returns its standard output. */
    private static String scan(Path manifest, String... options) {
        List<String> args = new ArrayList<>(List.of("scan", "--manifest", manifest.toString()));
        args.addAll(List.of(options));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(1, run.code(), "exit code (1: findings, no errors); stderr: " + run.err());
        assertEquals("", run.err());
        return run.out();
    }

    private static boolean isGrpcOrProtobuf(String contentType) {
        String ct = contentType.toLowerCase(Locale.ROOT);
        return ct.contains("grpc") || ct.contains("proto") || ct.startsWith("application/octet-stream");
    }

    private static Path corpora() {
        Path dir = Path.of(System.getProperty("sluice.shared", "/work/shared"), "corpora");
        assertTrue(Files.isDirectory(dir), "no shared corpora at " + dir + "; set -Dsluice.shared");
        return dir;
    }

    private static boolean python3Available() {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
