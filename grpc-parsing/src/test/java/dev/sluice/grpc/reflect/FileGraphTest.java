package dev.sluice.grpc.reflect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.protobuf.AnyProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FileGraphTest {

    private static Map<String, FileDescriptorProto> byName(FileDescriptorProto... files) {
        Map<String, FileDescriptorProto> map = new LinkedHashMap<>();
        for (FileDescriptorProto file : files) {
            map.put(file.getName(), file);
        }
        return map;
    }

    @Test
    void linksFilesInAnyOrder() {
        FileGraph.Result result = FileGraph.build(byName(TestFiles.users(), TestFiles.common()));
        assertEquals(LookupOutcome.RESOLVED, result.outcome());
        assertEquals(List.of(TestFiles.USERS, TestFiles.COMMON),
                result.files().stream().map(f -> f.getName()).toList());
        assertSame(result.files().get(1), result.files().get(0).getDependencies().get(0), "one shared instance per file");
        assertSame(AnyProto.getDescriptor(), result.files().get(0).getDependencies().get(1), "well-known from the runtime");
    }

    @Test
    void missingImportIsReported() {
        FileGraph.Result result = FileGraph.build(byName(TestFiles.users()));
        assertEquals(LookupOutcome.MISSING_DEPENDENCY, result.outcome());
        assertEquals("import sluice/test/common.proto was not supplied", result.detail());
        assertEquals(List.of(), result.files());
    }

    @Test
    void selfImportIsACycle() {
        FileDescriptorProto self = TestFiles.file("self.proto", "s", List.of("self.proto"), TestFiles.message("M"));
        assertEquals(LookupOutcome.DEPENDENCY_CYCLE, FileGraph.build(byName(self)).outcome());
    }

    @Test
    void longerCycleIsReported() {
        FileDescriptorProto a = TestFiles.file("a.proto", "s", List.of("b.proto"), TestFiles.message("A"));
        FileDescriptorProto b = TestFiles.file("b.proto", "s", List.of("c.proto"), TestFiles.message("B"));
        FileDescriptorProto c = TestFiles.file("c.proto", "s", List.of("a.proto"), TestFiles.message("C"));
        FileGraph.Result result = FileGraph.build(byName(a, b, c));
        assertEquals(LookupOutcome.DEPENDENCY_CYCLE, result.outcome());
        assertEquals("import cycle through a.proto", result.detail());
    }

    @Test
    void unresolvableTypeIsMalformed() {
        FileDescriptorProto broken = TestFiles.file("broken.proto", "s", List.of(),
                TestFiles.message("M", TestFiles.ref("other", 1, ".s.Missing")));
        FileGraph.Result result = FileGraph.build(byName(broken));
        assertEquals(LookupOutcome.MALFORMED_DESCRIPTORS, result.outcome());
        assertEquals("file broken.proto does not validate", result.detail());
    }
}
