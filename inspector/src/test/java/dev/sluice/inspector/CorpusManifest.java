package dev.sluice.inspector;

import com.google.protobuf.Descriptors.Descriptor;
import dev.sluice.grpc.descriptor.DescriptorLoadException;
import dev.sluice.grpc.descriptor.DescriptorRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sluice.matchers.Direction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The documents of a shared corpus manifest ({@code shared/corpora/<name>/labels.jsonl}, format in
 * {@code shared/corpora/README.md}): only what an inspection needs, not the labels. The shared
 * directory comes from the {@code sluice.shared} system property that surefire sets.
 */
final class CorpusManifest {
    private static final JsonFactory JSON = new JsonFactory();

    private static final Map<Path, DescriptorRegistry> REGISTRIES = new ConcurrentHashMap<>();

    private CorpusManifest() {
    }

    private static DescriptorRegistry registry(Path descriptorSet) throws IOException {
        DescriptorRegistry r = REGISTRIES.get(descriptorSet);
        if (r == null) {
            try {
                r = DescriptorRegistry.builder().addFile(descriptorSet).build();
            } catch (DescriptorLoadException e) {
                throw new IOException(e);
            }
            REGISTRIES.put(descriptorSet, r);
        }
        return r;
    }

    /**
     * One document: its file, how it travels, the chunk cuts the manifest asks for (empty: none)
     * and, for protobuf bodies, the descriptor set (or null) and the gRPC method and message type.
     */
    record Document(Path path, String file, String contentType, Direction direction, int[] chunks,
                    Path descriptorSet, String grpcMethod, String messageType) {

        /** The body as a front end would describe it: the message type resolved from the descriptor set. */
        BodySpec spec() throws IOException {
            BodySpec.Builder b = BodySpec.builder(direction).contentType(contentType);
            if (descriptorSet != null) {
                DescriptorRegistry registry = registry(descriptorSet);
                Descriptor type = grpcMethod != null
                        ? registry.method(grpcMethod).map(m -> m.messageType(direction == Direction.REQUEST)).orElse(null)
                        : registry.find(messageType).orElse(null);
                if (type == null) {
                    throw new IOException(file + ": type not in " + descriptorSet);
                }
                b.protobuf(ProtobufSpec.of(type, registry));
            }
            return b.build();
        }

        byte[] read() throws IOException {
            return Files.readAllBytes(path);
        }
    }

    /** The shared corpora directory, or null when this checkout has none. */
    static Path corpora() {
        String shared = System.getProperty("sluice.shared", "/work/shared");
        Path dir = Path.of(shared, "corpora");
        return Files.isDirectory(dir) ? dir : null;
    }

    /** Every document of corpus {@code name} ({@code leak-dev}, {@code public-fixtures}), in manifest order. */
    static List<Document> read(String name) throws IOException {
        Path corpora = corpora();
        if (corpora == null) {
            throw new IOException("no shared corpora: set -Dsluice.shared to the shared directory");
        }
        Path dir = corpora.resolve(name);
        List<Document> docs = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("labels.jsonl"))) {
            if (!line.isBlank()) {
                docs.add(document(dir, line));
            }
        }
        return docs;
    }

    private static Document document(Path dir, String line) throws IOException {
        String file = null;
        String contentType = null;
        Direction direction = Direction.RESPONSE;
        int[] chunks = new int[0];
        String descriptorSet = null;
        String grpcMethod = null;
        String messageType = null;
        try (JsonParser p = JSON.createParser(line)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "file" -> file = p.getText();
                    case "content_type" -> contentType = value == JsonToken.VALUE_NULL ? null : p.getText();
                    case "direction" -> direction = Direction.fromLabel(p.getText());
                    case "chunks" -> chunks = ints(p);
                    case "descriptor_set" -> descriptorSet = value == JsonToken.VALUE_NULL ? null : p.getText();
                    case "grpc_method" -> grpcMethod = value == JsonToken.VALUE_NULL ? null : p.getText();
                    case "message_type" -> messageType = value == JsonToken.VALUE_NULL ? null : p.getText();
                    default -> p.skipChildren();
                }
            }
        }
        if (file == null) {
            throw new IOException("manifest line without a file: " + line);
        }
        return new Document(dir.resolve(file), file, contentType, direction, chunks,
                descriptorSet == null ? null : dir.resolve(descriptorSet), grpcMethod, messageType);
    }

    private static int[] ints(JsonParser p) throws IOException {
        List<Integer> out = new ArrayList<>();
        while (p.nextToken() == JsonToken.VALUE_NUMBER_INT) {
            out.add(p.getIntValue());
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
