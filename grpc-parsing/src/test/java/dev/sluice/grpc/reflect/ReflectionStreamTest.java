package dev.sluice.grpc.reflect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import io.grpc.CallOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * One reflection stream against a real server that sends only the file asked for, so every
 * import has to be fetched by name: closure, limits and broken answers.
 */
class ReflectionStreamTest {

    private static final String CHAIN = "sluice.chain.ChainService";

    private static FetchResult fetch(ReflectionServer server, String symbol, int maxFiles, int maxBytes)
            throws Exception {
        return ReflectionStream.fetch(server.channel(), ReflectionVersion.V1,
                CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), symbol, maxFiles, maxBytes)
                .get(15, TimeUnit.SECONDS);
    }

    @Test
    void followsImportsTheServerLeftOut() throws Exception {
        ScriptedReflectionService scripted = ScriptedReflectionService.serving(TestFiles.chain(4));
        try (var server = ReflectionServer.start(scripted)) {
            FetchResult result = fetch(server, CHAIN, 256, 1 << 20);
            assertEquals(LookupOutcome.RESOLVED, result.outcome());
            assertEquals(List.of("chain/f0.proto", "chain/f1.proto", "chain/f2.proto", "chain/f3.proto"),
                    List.copyOf(result.files().keySet()));
            assertEquals(1, scripted.symbolRequests());
            assertEquals(3, scripted.fileRequests());
            assertEquals(1, server.calls(ReflectionServer.V1), "all on one stream");
        }
    }

    @Test
    void wellKnownImportsAreNotAskedFor() throws Exception {
        ScriptedReflectionService scripted = ScriptedReflectionService.serving(
                List.of(TestFiles.common(), TestFiles.users()));
        try (var server = ReflectionServer.start(scripted)) {
            FetchResult result = fetch(server, TestFiles.USER_SERVICE, 256, 1 << 20);
            assertEquals(LookupOutcome.RESOLVED, result.outcome());
            assertEquals(Set.of(TestFiles.USERS, TestFiles.COMMON), result.files().keySet());
            assertEquals(1, scripted.fileRequests(), "common.proto only; any.proto comes from the runtime");
            assertEquals(LookupOutcome.RESOLVED, FileGraph.build(result.files()).outcome());
        }
    }

    @Test
    void stopsAtTheFileLimit() throws Exception {
        ScriptedReflectionService scripted = ScriptedReflectionService.serving(TestFiles.chain(10));
        try (var server = ReflectionServer.start(scripted)) {
            FetchResult result = fetch(server, CHAIN, 5, 1 << 20);
            assertEquals(LookupOutcome.TOO_MANY_FILES, result.outcome());
            assertEquals("more than 5 files", result.detail());
            assertEquals(4, scripted.fileRequests(), "never asks for a file it could not keep");
            assertEquals(LookupOutcome.RESOLVED, fetch(server, CHAIN, 10, 1 << 20).outcome(), "exactly at the limit");
        }
    }

    @Test
    void stopsAtTheByteLimitAcrossResponses() throws Exception {
        List<FileDescriptorProto> chain = TestFiles.chain(10);
        int total = chain.stream().mapToInt(FileDescriptorProto::getSerializedSize).sum();
        try (var server = ReflectionServer.start(ScriptedReflectionService.serving(chain))) {
            assertEquals(LookupOutcome.TOO_MANY_BYTES, fetch(server, CHAIN, 256, total - 1).outcome());
            assertEquals(LookupOutcome.RESOLVED, fetch(server, CHAIN, 256, total + 1024).outcome());
        }
    }

    @Test
    void importTheServerCannotFindFails() throws Exception {
        FileDescriptorProto orphan = TestFiles.file("orphan.proto", "sluice.orphan", List.of("gone/missing.proto"),
                TestFiles.message("Orphan"));
        try (var server = ReflectionServer.start(ScriptedReflectionService.serving(List.of(orphan)))) {
            FetchResult result = fetch(server, "sluice.orphan.Orphan", 256, 1 << 20);
            assertEquals(LookupOutcome.MISSING_DEPENDENCY, result.outcome());
            assertEquals("file gone/missing.proto: error NOT_FOUND", result.detail());
        }
    }

    @Test
    void unknownSymbolIsNotFound() throws Exception {
        try (var server = ReflectionServer.start(ScriptedReflectionService.serving(TestFiles.chain(2)))) {
            FetchResult result = fetch(server, "sluice.chain.Nope", 256, 1 << 20);
            assertEquals(LookupOutcome.SYMBOL_NOT_FOUND, result.outcome());
            assertTrue(result.answered());
        }
    }

    @Test
    void unparseableDescriptorIsMalformed() throws Exception {
        byte[] garbage = new byte[64];
        new Random(7).nextBytes(garbage);
        garbage[0] = (byte) 0xff; // an invalid tag: field number 31, wire type 7
        ScriptedReflectionService scripted = new ScriptedReflectionService()
                .addRaw("sluice.bad.Service", "bad.proto", ByteString.copyFrom(garbage));
        try (var server = ReflectionServer.start(scripted)) {
            FetchResult result = fetch(server, "sluice.bad.Service", 256, 1 << 20);
            assertEquals(LookupOutcome.MALFORMED_DESCRIPTORS, result.outcome());
            assertEquals("a file descriptor does not parse", result.detail());
        }
    }

    @Test
    void unimplementedServerAsksForFallback() throws Exception {
        try (var server = ReflectionServer.start()) {
            FetchResult result = fetch(server, CHAIN, 256, 1 << 20);
            assertTrue(result.isUnimplemented());
        }
    }

    /**
     * Random import graphs (seeded): every acyclic one is fetched and linked completely, with one
     * request per file; adding a back edge turns it into an import cycle.
     */
    @RepeatedTest(12)
    void randomImportGraphsCloseOrReportCycles(RepetitionInfo repetition) throws Exception {
        Random random = new Random(0x5eed_0000L + repetition.getCurrentRepetition());
        int n = 2 + random.nextInt(11);
        Map<Integer, List<Integer>> imports = new HashMap<>();
        for (int i = 0; i < n; i++) {
            List<Integer> targets = new ArrayList<>();
            for (int j = i + 1; j < n; j++) {
                if (random.nextInt(3) == 0) {
                    targets.add(j);
                }
            }
            imports.put(i, targets);
        }
        Set<String> reachable = reachableFromZero(imports);
        ScriptedReflectionService scripted = ScriptedReflectionService.serving(TestFiles.graph(n, imports));
        try (var server = ReflectionServer.start(scripted)) {
            FetchResult result = fetch(server, CHAIN, 256, 1 << 20);
            assertEquals(LookupOutcome.RESOLVED, result.outcome(), result.detail());
            assertEquals(reachable, new TreeSet<>(result.files().keySet()));
            assertEquals(reachable.size() - 1, scripted.fileRequests());
            FileGraph.Result graph = FileGraph.build(result.files());
            assertEquals(LookupOutcome.RESOLVED, graph.outcome(), graph.detail());
            assertEquals(reachable.size(), graph.files().size());
        }
        // A back edge from the deepest reachable file to f0 closes a cycle.
        int deepest = reachable.stream().mapToInt(f -> Integer.parseInt(f.substring(7, f.length() - 6))).max().orElseThrow();
        List<Integer> back = new ArrayList<>(imports.get(deepest));
        back.add(0);
        imports.put(deepest, back);
        if (deepest == 0) {
            return; // a self-import is covered by FileGraphTest
        }
        try (var server = ReflectionServer.start(ScriptedReflectionService.serving(TestFiles.graph(n, imports)))) {
            FetchResult result = fetch(server, CHAIN, 256, 1 << 20);
            assertEquals(LookupOutcome.RESOLVED, result.outcome(), "fetching terminates on a cycle");
            assertEquals(LookupOutcome.DEPENDENCY_CYCLE, FileGraph.build(result.files()).outcome());
        }
    }

    private static Set<String> reachableFromZero(Map<Integer, List<Integer>> imports) {
        Set<String> seen = new TreeSet<>();
        List<Integer> pending = new ArrayList<>(List.of(0));
        while (!pending.isEmpty()) {
            int next = pending.removeLast();
            if (seen.add(TestFiles.chainName(next))) {
                pending.addAll(imports.getOrDefault(next, List.of()));
            }
        }
        return seen;
    }
}
