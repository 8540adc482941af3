package dev.sluice.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One protobuf or gRPC document of the leak-dev corpus with its labels (test data). */
record CorpusDoc(String file, String contentType, String grpcMethod, String messageType, String direction,
                 List<long[]> spans, int[] chunks, byte[] body) {

    static Path corpusDir() {
        return Path.of(System.getProperty("sluice.shared", "../../shared"), "corpora", "leak-dev");
    }

    static Path descriptorSet() {
        return corpusDir().resolve("proto/leak_dev.desc");
    }

    boolean framed() {
        return contentType.startsWith("application/grpc");
    }

    boolean request() {
        return "request".equals(direction);
    }

    /** The 133 documents whose content type is gRPC, protobuf or octet-stream. */
    static List<CorpusDoc> protobufDocs() {
        Path dir = corpusDir();
        ObjectMapper json = new ObjectMapper();
        List<CorpusDoc> docs = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(dir.resolve("labels.jsonl"))) {
                JsonNode n = json.readTree(line);
                String ct = n.get("content_type").asText();
                if (!(ct.contains("grpc") || ct.contains("protobuf") || ct.equals("application/octet-stream"))) {
                    continue;
                }
                List<long[]> spans = new ArrayList<>();
                for (JsonNode f : n.get("findings")) {
                    spans.add(new long[] {f.get("start").asLong(), f.get("end").asLong()});
                }
                JsonNode c = n.get("chunks");
                int[] chunks = new int[c == null ? 0 : c.size()];
                for (int i = 0; i < chunks.length; i++) {
                    chunks[i] = c.get(i).asInt();
                }
                String file = n.get("file").asText();
                docs.add(new CorpusDoc(file, ct, text(n, "grpc_method"), text(n, "message_type"),
                        n.get("direction").asText(), spans, chunks, Files.readAllBytes(dir.resolve(file))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    @Override
    public String toString() {
        return file;
    }
}
