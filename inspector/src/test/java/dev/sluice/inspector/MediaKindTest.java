package dev.sluice.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class MediaKindTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "text/event-stream", "Text/Event-Stream; charset=utf-8",
        "application/x-ndjson", "application/ndjson", "application/jsonl", "application/json-seq",
        "application/stream+json", "application/x-json-stream; charset=UTF-8",
        "application/json;stream=watch", "application/json; stream=\"watch\"",
        "application/vnd.kubernetes.protobuf;stream=watch", "application/yaml; STREAM=Watch",
    })
    void feedsAreKnownByTheirType(String contentType) {
        assertTrue(MediaKind.feed(contentType), contentType);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {
        "application/json", "application/json; charset=utf-8", "text/plain", "application/grpc",
        "application/json; streaming=watch", "application/json; stream=list", "text/event-streams",
        "application/octet-stream", "multipart/x-mixed-replace; boundary=frame", "",
    })
    void documentsAreNotFeeds(String contentType) {
        assertFalse(MediaKind.feed(contentType), String.valueOf(contentType));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/stream+json", "application/x-json-stream", "application/x-ndjson"})
    void jsonFeedsAreReadAsSequencesOfJson(String contentType) {
        assertEquals(MediaKind.JSON, MediaKind.of(contentType));
        assertTrue(MediaKind.jsonSequence(contentType));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/problem+json", "application/json;stream=watch"})
    void singleDocumentsAreNotSequences(String contentType) {
        assertEquals(MediaKind.JSON, MediaKind.of(contentType));
        assertFalse(MediaKind.jsonSequence(contentType));
    }
}
