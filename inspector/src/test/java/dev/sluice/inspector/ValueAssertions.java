package dev.sluice.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.inspector.RecordingValueSink.Value;

/** Assertions on one recorded value; every message names the value (test data only). */
public final class ValueAssertions {
    private ValueAssertions() {
    }

    /** Key, path, decoded text and offset map ({@link Value#spans}). */
    public static void assertValue(Value v, String key, String path, String text, String spans) {
        assertEquals(path, v.path, "path of " + v);
        assertKeyTextSpans(v, key, text, spans);
    }

    /** Key, parent key, decoded text and offset map: for the values of an embedded body. */
    public static void assertPartValue(Value v, String key, String parent, String text, String spans) {
        assertEquals(parent, v.parentKey, "parent of " + v);
        assertKeyTextSpans(v, key, text, spans);
    }

    private static void assertKeyTextSpans(Value v, String key, String text, String spans) {
        assertEquals(key, v.key, "key of " + v);
        assertEquals(text, v.text(), "text of " + v);
        assertEquals(spans, v.spans(), "spans of " + v);
    }
}
