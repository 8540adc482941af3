package dev.sluice.grpc.reflect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import dev.sluice.grpc.descriptor.MethodTypes;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Serves the leak-dev corpus's services (from its FileDescriptorSet) through grpc-java's v1
 * reflection and checks that every method resolves to the same types, and that every gRPC label
 * in the corpus names a method and message type the resolver agrees with.
 */
class LeakDevReflectionTest {

    private static Path leakDev() {
        String shared = System.getProperty("sluice.shared", "/work/shared");
        return Path.of(shared, "corpora", "leak-dev");
    }

    @Test
    void everyCorpusMethodResolvesToItsDeclaredTypes() throws Exception {
        Path desc = leakDev().resolve("proto/leak_dev.desc");
        assumeTrue(Files.isRegularFile(desc), "leak-dev corpus not found (set -Dsluice.shared)");
        FileDescriptorSet set = FileDescriptorSet.parseFrom(Files.readAllBytes(desc));
        List<FileDescriptor> files = TestFiles.link(set.getFileList());
        List<Object> services = new ArrayList<>(List.of(ProtoReflectionServiceV1.newInstance()));
        List<MethodDescriptor> methods = new ArrayList<>();
        for (FileDescriptor file : files) {
            for (ServiceDescriptor service : file.getServices()) {
                services.add(DescribedService.of(service));
                methods.addAll(service.getMethods());
            }
        }
        assertTrue(methods.size() >= 4, "the corpus defines gRPC methods");
        try (var server = ReflectionServer.start(services.toArray());
             var resolver = ReflectionResolver.builder().channel(server.channel()).build()) {
            for (MethodDescriptor method : methods) {
                String path = "/" + method.getService().getFullName() + "/" + method.getName();
                MethodTypes types = resolver.resolve(path).get(10, TimeUnit.SECONDS).orElseThrow();
                assertEquals(method.getInputType().toProto(), types.input().toProto(), path);
                assertEquals(method.getOutputType().toProto(), types.output().toProto(), path);
                assertEquals(method.isClientStreaming(), types.clientStreaming(), path);
                assertEquals(method.isServerStreaming(), types.serverStreaming(), path);
            }
            int labels = 0;
            for (String line : Files.readAllLines(leakDev().resolve("labels.jsonl"))) {
                String path = field(line, "grpc_method");
                if (path == null) {
                    continue;
                }
                MethodTypes types = resolver.resolve(path).get(10, TimeUnit.SECONDS).orElseThrow();
                String expected = field(line, "message_type");
                String actual = types.messageType("request".equals(field(line, "direction"))).getFullName();
                assertEquals(expected, actual, path);
                labels++;
            }
            assertTrue(labels > 0, "the corpus labels gRPC bodies");
        }
    }

    /** The string value of a top-level field in one label line, or null (the labels need no JSON parser). */
    private static String field(String line, String name) {
        String key = "\"" + name + "\": \"";
        int start = line.indexOf(key);
        if (start < 0) {
            return null;
        }
        start += key.length();
        return line.substring(start, line.indexOf('"', start));
    }
}
