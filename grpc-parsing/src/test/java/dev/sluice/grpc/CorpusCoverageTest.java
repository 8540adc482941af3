package dev.sluice.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Descriptors.Descriptor;
import dev.sluice.grpc.descriptor.DescriptorRegistry;
import dev.sluice.grpc.descriptor.MethodTypes;
import dev.sluice.grpc.frame.FrameTesting;
import dev.sluice.grpc.walk.RecordedValue;
import dev.sluice.grpc.walk.ValueKind;
import dev.sluice.grpc.walk.WalkMode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every protobuf and gRPC document of the leak-dev corpus through {@link GrpcBodyReader},
 * cut where the labels say, and checks that each labeled span lies inside exactly one reported
 * value: the offsets through frame headers and nesting are right, in both walking modes.
 */
class CorpusCoverageTest {
    private static DescriptorRegistry registry;

    @BeforeAll
    static void load() throws Exception {
        registry = DescriptorRegistry.builder().addFile(CorpusDoc.descriptorSet()).build();
    }

    static List<CorpusDoc> docs() {
        return CorpusDoc.protobufDocs();
    }

    @Test
    void corpusHasTheExpectedProtobufDocuments() {
        List<CorpusDoc> docs = docs();
        assertEquals(133, docs.size());
        assertTrue(docs.stream().mapToLong(d -> d.spans().size()).sum() > 100, "labels to check");
    }

    @ParameterizedTest
    @MethodSource("docs")
    void schemaWalkPutsEveryLabelInsideExactlyOneStringValue(CorpusDoc doc) {
        RecordingBodyListener l = read(doc, typeOf(doc), doc.chunks());
        assertClean(l);
        assertTrue(l.values.stream().allMatch(v -> v.mode() == WalkMode.SCHEMA));
        for (long[] span : doc.spans()) {
            RecordedValue v = onlyContaining(l, span);
            assertEquals(ValueKind.STRING, v.kind(), v.toString());
        }
    }

    @ParameterizedTest
    @MethodSource("docs")
    void schemalessWalkFindsTheSameValueRangesForEveryLabel(CorpusDoc doc) {
        RecordingBodyListener schema = read(doc, typeOf(doc), doc.chunks());
        RecordingBodyListener schemaless = read(doc, null, doc.chunks());
        assertClean(schemaless);
        assertTrue(schemaless.values.stream().allMatch(v -> v.mode() == WalkMode.SCHEMALESS));
        for (long[] span : doc.spans()) {
            RecordedValue s = onlyContaining(schema, span);
            RecordedValue n = onlyContaining(schemaless, span);
            assertEquals(s.bodyOffset(), n.bodyOffset(), () -> s + " vs " + n);
            assertEquals(s.length(), n.length(), () -> s + " vs " + n);
        }
    }

    @ParameterizedTest
    @MethodSource("docs")
    void oneByteChunksGiveTheSameValuesAsOneChunk(CorpusDoc doc) {
        int[] everyByte = new int[doc.body().length];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = i;
        }
        RecordingBodyListener whole = read(doc, typeOf(doc), new int[0]);
        RecordingBodyListener bytewise = read(doc, typeOf(doc), everyByte);
        assertEquals(whole.values, bytewise.values);
        assertEquals(whole.messages, bytewise.messages);
    }

    @Test
    void methodPathsResolveToTheLabeledMessageTypes() {
        for (CorpusDoc doc : docs()) {
            if (doc.grpcMethod() != null) {
                Optional<MethodTypes> m = registry.resolve(doc.grpcMethod()).join();
                assertTrue(m.isPresent(), doc.grpcMethod());
                Descriptor d = m.get().messageType(doc.request());
                assertEquals(doc.messageType(), d.getFullName(), doc.file());
            }
        }
    }

    private static Descriptor typeOf(CorpusDoc doc) {
        return registry.find(doc.messageType()).orElseThrow();
    }

    static RecordingBodyListener read(CorpusDoc doc, Descriptor type, int[] cuts) {
        RecordingBodyListener l = new RecordingBodyListener();
        GrpcBodyReader reader = GrpcBodyReader.builder()
                .framing(doc.framed() ? BodyFraming.GRPC : BodyFraming.RAW)
                .messageType(type)
                .lookup(registry)
                .listener(l)
                .build();
        FrameTesting.feed(reader::write, reader::end, doc.body(), cuts);
        return l;
    }

    private static void assertClean(RecordingBodyListener l) {
        assertTrue(l.problems.isEmpty(), l.problems.toString());
        assertTrue(l.frameErrors.isEmpty(), l.frameErrors.toString());
        assertTrue(l.uninspected.isEmpty(), "nothing left uninspected");
        assertTrue(!l.messages.isEmpty());
    }

    private static RecordedValue onlyContaining(RecordingBodyListener l, long[] span) {
        List<RecordedValue> hits = l.values.stream().filter(v -> v.contains(span[0], span[1])).toList();
        assertEquals(1, hits.size(), () -> "span " + span[0] + ".." + span[1] + " in " + hits + " of " + l.values);
        return hits.get(0);
    }
}
