package dev.sluice.standalone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.testing.Mutants;
import dev.sluice.testing.TextMutations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice scan --manifest} over manifests of leak-dev lines (JSON, text, forms, gRPC with
 * descriptor sets and methods) broken in seeded random ways. A run must end with exit code 0, 1
 * or 2, never an exception; a line that is still whole must still be scanned (one output line
 * each), and exit code 2 must come with a message.
 */
class MutatedManifestTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LINES = 12;
    private static final List<String> PIECES = List.of("\"", "\\", ",", ":", "{", "}", "[", "]", "null", "-1",
            "99999999999", "\"chunks\": [", "\"file\": \"", "../", "/dev/zero", "\"content_type\": \"",
            "application/grpc", "multipart/form-data", "\"content_encoding\": \"gzip\", ", "\"direction\": \"x\", ",
            "\"grpc_method\": \"/a/b\", ", "\"message_type\": \"no.Such\", ", "\"descriptor_set\": \"x.desc\", ");
    @TempDir
    static Path dir;
    private static List<String> lines;

    @BeforeAll
    static void read() throws IOException {
        Path corpus = ScanCommandTest.leakDev();
        lines = new ArrayList<>();
        for (String line : Files.readAllLines(corpus.resolve("labels.jsonl"))) {
            ObjectNode n = (ObjectNode) JSON.readTree(line);
            // Absolute paths: the manifest lives in a temporary folder, not beside the documents.
            n.put("file", corpus.resolve(n.get("file").asText()).toString());
            if (n.hasNonNull("descriptor_set")) {
                n.put("descriptor_set", corpus.resolve(n.get("descriptor_set").asText()).toString());
            }
            lines.add(JSON.writeValueAsString(n));
        }
    }

    @RepeatedTest(value = 8, name = "manifest {currentRepetition}")
    void aBrokenManifestIsReportedLineByLine(RepetitionInfo info) throws IOException {
        for (long seed : Mutants.seeds(0x3a4f_0000L, info.getCurrentRepetition(), info.getTotalRepetitions(), 1)) {
            Random random = new Random(seed);
            List<String> manifest = new ArrayList<>();
            int whole = 0;
            for (int i = 0; i < LINES; i++) {
                String line = lines.get(random.nextInt(lines.size()));
                String broken = random.nextBoolean() ? line : TextMutations.mutate(random, line, PIECES, true);
                whole += broken.equals(line) ? 1 : 0;
                manifest.add(broken);
            }
            Path file = dir.resolve("m-" + seed + ".jsonl");
            Files.writeString(file, String.join("\n", manifest));
            CliRun r;
            try {
                r = CliRun.of("scan", "--manifest", file.toString());
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + ": scan threw on\n" + String.join("\n", manifest), e);
            }
            String what = "seed " + seed + ": " + r.err();
            assertTrue(r.code() >= 0 && r.code() <= 2, what);
            assertFalse(r.code() == 2 && r.err().isBlank(), "seed " + seed + ": exit 2 without a message");
            long out = r.out().lines().filter(l -> !l.isBlank()).count();
            assertTrue(out >= whole, what + " (" + out + " documents scanned, " + whole + " lines whole)");
            if (whole == LINES) {
                assertEquals(LINES, out, what);
            }
        }
    }
}
