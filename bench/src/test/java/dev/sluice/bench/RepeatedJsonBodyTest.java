package dev.sluice.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RepeatedJsonBodyTest {
    private static final List<byte[]> DOCS = List.of(bytes("{\"a\": 1}"), bytes("[\"x\", {\"b\": \"y\"}]\n"),
            bytes("\"s\""));

    @ParameterizedTest
    @ValueSource(ints = {12, 13, 100, 4096, 65_537})
    void isOneJsonArrayOfWholeDocumentsOfExactlyTheSize(int size) throws IOException {
        byte[] body = RepeatedJsonBody.build(DOCS, size);

        assertEquals(size, body.length);
        int elements = 0;
        try (JsonParser p = new JsonFactory().createParser(body)) {
            assertEquals(JsonToken.START_ARRAY, p.nextToken());
            while (p.nextToken() != JsonToken.END_ARRAY) {
                p.skipChildren();
                elements++;
            }
            assertEquals(null, p.nextToken(), "nothing but whitespace after the array");
        }
        int expected = 0;
        int used = 2; // the brackets
        for (int i = 0; ; i = (i + 1) % DOCS.size()) {
            int need = DOCS.get(i).length + (expected == 0 ? 0 : 2);
            if (used + need > size) {
                break;
            }
            used += need;
            expected++;
        }
        assertEquals(expected, elements);
    }

    @Test
    void refusesASizeThatHoldsNoDocument() {
        assertThrows(IllegalArgumentException.class, () -> RepeatedJsonBody.build(DOCS, 4));
    }

    @Test
    void theLeakDevCorpusHasItsJsonDocuments() {
        List<byte[]> docs = LeakDevCorpus.jsonDocuments(LeakDevCorpus.sharedDir());
        // 232 application/json + 5 application/problem+json in labels.jsonl
        assertEquals(237, docs.size());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
