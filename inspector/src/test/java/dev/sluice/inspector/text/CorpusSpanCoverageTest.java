package dev.sluice.inspector.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.MediaKind;
import dev.sluice.inspector.Outcome;
import dev.sluice.inspector.RecordingValueSink.Value;
import dev.sluice.inspector.TestParserContext;
import dev.sluice.inspector.TestParserContext.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays the leak corpora ({@code shared/corpora/leak-dev} and {@code public-fixtures}) through
 * the form, multipart, HTML, CSV, text and raw parsers: every document whose Content-Type maps
 * to one of them (protobuf bodies sent as {@code application/octet-stream} excluded: they
 * belong to the protobuf parser). For each document: the parse is COMPLETE, every labelled span
 * lies entirely inside one value's wire map (a leak is never split between values, and no
 * labelled byte is left out of every value), and the values are identical whole, cut at the
 * label's {@code chunks}, cut in two at every offset (every 7th on larger documents) and fed
 * one byte at a time. Prints nothing; known exceptions are listed in {@link #EXCEPTIONS}.
 */
class CorpusSpanCoverageTest {
    /** Documents allowed to deviate, with the reason. None so far. */
    private static final Map<String, String> EXCEPTIONS = Map.of();

    private record Label(String id, int start, int end) {
    }

    private record Doc(Path base, String file, String contentType, boolean protobuf, List<Label> labels,
            int[] chunks) {
    }

    static Path shared() {
        String p = System.getProperty("sluice.shared");
        if (p != null && Files.isDirectory(Path.of(p, "corpora"))) {
            return Path.of(p);
        }
        return Path.of("/work/shared");
    }

    @TestFactory
    Stream<DynamicTest> everyLabelledSpanLiesInsideOneValue() throws IOException {
        List<Doc> docs = new ArrayList<>();
        for (String corpus : new String[] {"leak-dev", "public-fixtures"}) {
            Path dir = shared().resolve("corpora").resolve(corpus);
            docs.addAll(read(dir));
        }
        assertTrue(docs.size() > 600, "corpora not found under " + shared());
        return docs.stream()
                .filter(d -> !d.protobuf())
                .filter(d -> switch (MediaKind.of(d.contentType())) {
                    case JSON, GRPC, PROTOBUF -> false;
                    default -> true;
                })
                .map(d -> DynamicTest.dynamicTest(d.file(), () -> check(d)));
    }

    private static void check(Doc d) throws IOException {
        if (EXCEPTIONS.containsKey(d.file())) {
            return;
        }
        byte[] body = Files.readAllBytes(d.base().resolve(d.file()));
        InspectionLimits limits = InspectionLimits.defaults();
        Result whole = TestParserContext.parse(d.contentType(), body, limits);
        assertEquals(Outcome.COMPLETE, whole.outcome(), whole.detail());
        for (Label l : d.labels()) {
            boolean covered = false;
            for (Value v : whole.values()) {
                if (v.covers(l.start(), l.end())) {
                    covered = true;
                    break;
                }
            }
            assertTrue(covered, l.id() + " [" + l.start() + "," + l.end() + ") is not inside one value");
        }
        if (d.chunks() != null) {
            assertEquals(whole.values(), TestParserContext.parse(d.contentType(), body, limits, d.chunks()).values(),
                    "values under the label's chunks");
        }
        TestParserContext.assertChunkingInvariant(d.contentType(), body, limits, body.length > 4096 ? 7 : 1);
    }

    private static List<Doc> read(Path dir) throws IOException {
        List<Doc> docs = new ArrayList<>();
        JsonFactory json = new JsonFactory();
        for (String line : Files.readAllLines(dir.resolve("labels.jsonl"))) {
            if (line.isBlank()) {
                continue;
            }
            try (JsonParser p = json.createParser(line)) {
                String file = null;
                String ct = null;
                boolean protobuf = false;
                List<Label> labels = new ArrayList<>();
                int[] chunks = null;
                p.nextToken();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken t = p.nextToken();
                    switch (name) {
                        case "file" -> file = p.getText();
                        case "content_type" -> ct = p.getText();
                        case "message_type" -> protobuf = t != JsonToken.VALUE_NULL;
                        case "findings" -> {
                            while (p.nextToken() == JsonToken.START_OBJECT) {
                                String id = null;
                                int s = 0;
                                int e = 0;
                                while (p.nextToken() == JsonToken.FIELD_NAME) {
                                    String f = p.currentName();
                                    p.nextToken();
                                    switch (f) {
                                        case "id" -> id = p.getText();
                                        case "start" -> s = p.getIntValue();
                                        case "end" -> e = p.getIntValue();
                                        default -> p.skipChildren();
                                    }
                                }
                                labels.add(new Label(id, s, e));
                            }
                        }
                        case "chunks" -> {
                            List<Integer> c = new ArrayList<>();
                            while (p.nextToken() == JsonToken.VALUE_NUMBER_INT) {
                                c.add(p.getIntValue());
                            }
                            chunks = c.stream().mapToInt(Integer::intValue).toArray();
                        }
                        default -> p.skipChildren();
                    }
                }
                docs.add(new Doc(dir, file, ct, protobuf, labels, chunks));
            }
        }
        return docs;
    }
}
