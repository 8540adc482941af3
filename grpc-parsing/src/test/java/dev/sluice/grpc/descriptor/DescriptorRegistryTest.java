package dev.sluice.grpc.descriptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DescriptorRegistryTest {
    private static final Path CORPUS_SET = Path.of(System.getProperty("sluice.shared", "../../shared"),
            "corpora", "leak-dev", "proto", "leak_dev.desc");
    private static final String COMMON = "leakdev/common/v1/common.proto";

    private static FileDescriptorSet corpusSet() throws Exception {
        return FileDescriptorSet.parseFrom(Files.readAllBytes(CORPUS_SET));
    }

    @Test
    void resolvesCorpusMethodsToTheirMessageTypes() throws Exception {
        DescriptorRegistry r = DescriptorRegistry.builder().addFile(CORPUS_SET).build();
        CompletableFuture<Optional<MethodTypes>> f = r.resolve("/leakdev.auth.v1.AuthService/WatchCredentials");
        assertTrue(f.isDone());
        MethodTypes m = f.join().orElseThrow();
        assertEquals("leakdev.auth.v1.WatchCredentialsRequest", m.input().getFullName());
        assertEquals("leakdev.auth.v1.ServiceCredential", m.output().getFullName());
        assertFalse(m.clientStreaming());
        assertTrue(m.serverStreaming());
        assertEquals("leakdev.payments.v1.ChargeRequest",
                r.method("/leakdev.payments.v1.PaymentService/Charge").orElseThrow().input().getFullName());
        assertEquals(4 + 2 + 4, r.methodPaths().size());
    }

    @Test
    void unknownOrMalformedPathsResolveToEmpty() throws Exception {
        DescriptorRegistry r = DescriptorRegistry.builder().addFile(CORPUS_SET).build();
        for (String path : new String[] {"/leakdev.auth.v1.AuthService/Nope", "leakdev.auth.v1.AuthService/Login",
            "/", "", "/a/b/c"}) {
            assertTrue(r.resolve(path).join().isEmpty(), path);
        }
        assertTrue(r.method(null).isEmpty());
    }

    @Test
    void findsMessagesByFullNameIncludingWellKnownTypes() throws Exception {
        DescriptorRegistry r = DescriptorRegistry.builder().addFile(CORPUS_SET).build();
        Descriptor card = r.find("leakdev.payments.v1.Card").orElseThrow();
        assertSame(card, r.find(".leakdev.payments.v1.Card").orElseThrow());
        assertSame(card, r.findByTypeUrl("type.googleapis.com/leakdev.payments.v1.Card").orElseThrow());
        assertEquals("google.protobuf.StringValue", r.find("google.protobuf.StringValue").orElseThrow().getFullName());
        assertTrue(r.find("leakdev.Nope").isEmpty());
        assertTrue(r.find(null).isEmpty());
    }

    @Test
    void linksFilesWhateverOrderTheSetListsThem() throws Exception {
        List<FileDescriptorProto> files = new ArrayList<>(corpusSet().getFileList());
        Collections.reverse(files);
        DescriptorRegistry r = DescriptorRegistry.builder()
                .addSet("reversed", FileDescriptorSet.newBuilder().addAllFile(files).build()).build();
        assertTrue(r.find("leakdev.user.v1.UserProfile").isPresent());
        List<String> order = r.files().stream().map(f -> f.getName()).toList();
        for (var f : r.files()) {
            for (var dep : f.getDependencies()) {
                assertTrue(order.indexOf(dep.getName()) < order.indexOf(f.getName()), "imports first: " + order);
            }
        }
        assertEquals(4, order.size());
    }

    @Test
    void missingImportNamesTheFileAndTheImport() throws Exception {
        FileDescriptorSet.Builder set = FileDescriptorSet.newBuilder();
        corpusSet().getFileList().stream().filter(f -> !f.getName().equals(COMMON)).forEach(set::addFile);
        DescriptorLoadException e = assertThrows(DescriptorLoadException.class,
                () -> DescriptorRegistry.builder().addSet("partial.desc", set.build()).build());
        assertTrue(e.getMessage().contains("imports '" + COMMON + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("partial.desc"), e.getMessage());
    }

    @Test
    void importsSplitAcrossSetsResolve() throws Exception {
        FileDescriptorSet.Builder common = FileDescriptorSet.newBuilder();
        FileDescriptorSet.Builder rest = FileDescriptorSet.newBuilder();
        corpusSet().getFileList().forEach(f -> (f.getName().equals(COMMON) ? common : rest).addFile(f));
        DescriptorRegistry r = DescriptorRegistry.builder().addSet("rest", rest.build())
                .addBytes("common", common.build().toByteArray()).build();
        assertTrue(r.method("/leakdev.user.v1.UserProfileService/GetUser").isPresent());
    }

    @Test
    void wellKnownImportsMissingFromTheSetFallBackToBuiltIns() throws Exception {
        FileDescriptorProto file = FileDescriptorProto.newBuilder().setName("x/holder.proto").setPackage("x")
                .setSyntax("proto3").addDependency("google/protobuf/any.proto")
                .addMessageType(DescriptorProto.newBuilder().setName("Holder").addField(FieldDescriptorProto.newBuilder()
                        .setName("any").setNumber(1).setType(FieldDescriptorProto.Type.TYPE_MESSAGE)
                        .setTypeName(".google.protobuf.Any").setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL)))
                .build();
        DescriptorRegistry r = DescriptorRegistry.builder()
                .addSet("no-imports", FileDescriptorSet.newBuilder().addFile(file).build()).build();
        assertEquals("google.protobuf.Any",
                r.find("x.Holder").orElseThrow().findFieldByName("any").getMessageType().getFullName());
    }

    @Test
    void sameFileTwiceIsFineIdenticalButAnErrorWhenDifferent() throws Exception {
        FileDescriptorSet set = corpusSet();
        DescriptorRegistry.builder().addSet("a", set).addSet("b", set).build();
        FileDescriptorProto changed = set.getFile(0).toBuilder().setPackage("other").build();
        DescriptorLoadException e = assertThrows(DescriptorLoadException.class, () -> DescriptorRegistry.builder()
                .addSet("a", set).addSet("b", FileDescriptorSet.newBuilder().addFile(changed).build()).build());
        assertTrue(e.getMessage().contains("defined differently in a and b"), e.getMessage());
    }

    @Test
    void importCycleIsAnError() {
        FileDescriptorProto a = FileDescriptorProto.newBuilder().setName("a.proto").addDependency("b.proto").build();
        FileDescriptorProto b = FileDescriptorProto.newBuilder().setName("b.proto").addDependency("a.proto").build();
        DescriptorLoadException e = assertThrows(DescriptorLoadException.class, () -> DescriptorRegistry.builder()
                .addSet("cycle", FileDescriptorSet.newBuilder().addFile(a).addFile(b).build()).build());
        assertTrue(e.getMessage().contains("import cycle"), e.getMessage());
    }

    /** protobuf-java links a field with neither type nor type name into a NullPointerException. */
    @Test
    void aFieldWithoutTypeIsALoadErrorNotACrash() {
        FileDescriptorProto bad = FileDescriptorProto.newBuilder().setName("typeless.proto").setPackage("p")
                .addMessageType(DescriptorProto.newBuilder().setName("M").addField(FieldDescriptorProto.newBuilder()
                        .setName("f").setNumber(1).setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL)))
                .build();
        DescriptorLoadException e = assertThrows(DescriptorLoadException.class, () -> DescriptorRegistry.builder()
                .addSet("typeless.desc", FileDescriptorSet.newBuilder().addFile(bad).build()).build());
        assertTrue(e.getMessage().contains("'typeless.proto' in typeless.desc is malformed"), e.getMessage());
    }

    @Test
    void invalidDescriptorNamesTheFile() {
        FileDescriptorProto bad = FileDescriptorProto.newBuilder().setName("bad.proto").setPackage("p")
                .addMessageType(DescriptorProto.newBuilder().setName("M").addField(FieldDescriptorProto.newBuilder()
                        .setName("f").setNumber(1).setType(FieldDescriptorProto.Type.TYPE_MESSAGE)
                        .setTypeName(".p.Missing").setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL)))
                .build();
        DescriptorLoadException e = assertThrows(DescriptorLoadException.class, () -> DescriptorRegistry.builder()
                .addSet("bad.desc", FileDescriptorSet.newBuilder().addFile(bad).build()).build());
        assertTrue(e.getMessage().contains("'bad.proto' in bad.desc is invalid"), e.getMessage());
    }

    @Test
    void typeDefinedInTwoFilesIsAnError() {
        DescriptorProto m = DescriptorProto.newBuilder().setName("Same").build();
        FileDescriptorSet set = FileDescriptorSet.newBuilder()
                .addFile(FileDescriptorProto.newBuilder().setName("one.proto").setPackage("p").addMessageType(m))
                .addFile(FileDescriptorProto.newBuilder().setName("two.proto").setPackage("p").addMessageType(m))
                .build();
        DescriptorLoadException e = assertThrows(DescriptorLoadException.class,
                () -> DescriptorRegistry.builder().addSet("dup", set).build());
        assertTrue(e.getMessage().contains("'p.Same' is defined in both"), e.getMessage());
    }

    @Test
    void badFilesGiveClearErrors(@TempDir Path dir) throws Exception {
        Path garbage = dir.resolve("garbage.desc");
        Files.write(garbage, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
        DescriptorLoadException e = assertThrows(DescriptorLoadException.class,
                () -> DescriptorRegistry.builder().addFile(garbage).build());
        assertTrue(e.getMessage().contains("is not a FileDescriptorSet"), e.getMessage());
        assertThrows(DescriptorLoadException.class,
                () -> DescriptorRegistry.builder().addFile(dir.resolve("missing.desc")).build());
        DescriptorLoadException big = assertThrows(DescriptorLoadException.class,
                () -> DescriptorRegistry.builder().maxSetBytes(100).addFile(CORPUS_SET).build());
        assertTrue(big.getMessage().contains("larger than 100 bytes"), big.getMessage());
    }

    @Test
    void emptyRegistryKnowsOnlyWellKnownTypes() {
        assertTrue(DescriptorRegistry.empty().find("google.protobuf.Struct").isPresent());
        assertTrue(DescriptorRegistry.empty().methodPaths().isEmpty());
    }
}
