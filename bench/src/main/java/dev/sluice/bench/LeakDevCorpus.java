package dev.sluice.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sluice.inspector.MediaKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON documents of {@code shared/corpora/leak-dev}, in manifest order: every line of
 * {@code labels.jsonl} whose content type the inspector parses as JSON. The shared folder
 * comes from the system property {@code sluice.shared} (default {@code ../shared}, which is
 * right when the benchmarks run from a checkout's root).
 */
public final class LeakDevCorpus {
    static final String SHARED_PROPERTY = "sluice.shared";
    private static final JsonFactory JSON = new JsonFactory();

    private LeakDevCorpus() {
    }

    /** The shared folder named by {@code -Dsluice.shared}, or {@code ../shared}. */
    public static Path sharedDir() {
        return Path.of(System.getProperty(SHARED_PROPERTY, "../shared"));
    }

    /** The JSON documents listed in {@code <shared>/corpora/leak-dev/labels.jsonl}. */
    public static List<byte[]> jsonDocuments(Path shared) {
        Path dir = shared.resolve("corpora/leak-dev");
        Path manifest = dir.resolve("labels.jsonl");
        if (!Files.isRegularFile(manifest)) {
            throw new IllegalStateException("no leak-dev manifest at " + manifest.toAbsolutePath()
                    + "; pass -D" + SHARED_PROPERTY + "=<the shared folder>");
        }
        List<byte[]> docs = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
                String[] entry = fileAndContentType(line);
                if (entry != null && MediaKind.of(entry[1]) == MediaKind.JSON) {
                    docs.add(Files.readAllBytes(dir.resolve(entry[0])));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the leak-dev corpus under " + dir, e);
        }
        if (docs.isEmpty()) {
            throw new IllegalStateException("leak-dev manifest " + manifest + " lists no JSON documents");
        }
        return docs;
    }

    /** {@code [file, content_type]} of one manifest line, or null when it has not both. */
    private static String[] fileAndContentType(String line) throws IOException {
        if (line.isBlank()) {
            return null;
        }
        String file = null;
        String contentType = null;
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.VALUE_STRING && name.equals("file")) {
                    file = p.getText();
                } else if (v == JsonToken.VALUE_STRING && name.equals("content_type")) {
                    contentType = p.getText();
                } else {
                    p.skipChildren();
                }
            }
        }
        return file != null && contentType != null ? new String[] {file, contentType} : null;
    }
}
