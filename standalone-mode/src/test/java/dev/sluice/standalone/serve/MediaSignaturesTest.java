package dev.sluice.standalone.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.matchers.Direction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A request labelled as a never-inspected type passes uninspected only when its first bytes are that type's. */
class MediaSignaturesTest {
    private static ByteBuffer latin1(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A type and a body's first bytes (written as Latin-1, so every char is one byte). */
    static Stream<Arguments> realBodies() {
        return Stream.of(
                Arguments.of("image/png", "\u0089PNG\r\n\u001a\n...."),
                Arguments.of("IMAGE/PNG; charset=binary", "\u0089PNG\r\n\u001a\n...."),
                Arguments.of("image/jpeg", "\u00ff\u00d8\u00ff\u00e0..JFIF"),
                Arguments.of("image/gif", "GIF89a...."),
                Arguments.of("image/webp", "RIFF\u0010\u0000\u0000\u0000WEBPVP8 "),
                Arguments.of("video/mp4", "\u0000\u0000\u0000\u0018ftypmp42"),
                Arguments.of("audio/mpeg", "ID3\u0004\u0000"),
                Arguments.of("font/woff2", "wOF2\u0000\u0001"),
                Arguments.of("font/ttf", "\u0000\u0001\u0000\u0000\u0000\u0010"),
                Arguments.of("application/zip", "PK\u0003\u0004\u0014\u0000"),
                Arguments.of("application/gzip", "\u001f\u008b\u0008\u0000"),
                Arguments.of("application/x-7z-compressed", "7z\u00bc\u00af\u0027\u001c\u0000"));
    }

    @ParameterizedTest
    @MethodSource("realBodies")
    void aBodyThatIsWhatItsLabelSaysPasses(String type, String first) {
        assertNull(SharedRuntime.inspectAs(Direction.REQUEST, type, latin1(first)));
    }

    static Stream<Arguments> mislabelledBodies() {
        return Stream.of(
                Arguments.of("image/png", "{\"q\":\"1 UNION SELECT\"}", "application/json"),
                Arguments.of("image/jpeg", "  [1,2]", "application/json"),
                Arguments.of("font/woff2", "q=%3Cscript%3E", "text/plain"),
                Arguments.of("application/zip", "PK", "text/plain"),
                // A type without a known signature is inspected.
                Arguments.of("image/x-made-up", "\u0089PNG\r\n\u001a\n....", "text/plain"),
                // A signature further in than the body is long is not there.
                Arguments.of("image/webp", "RIFF", "text/plain"));
    }

    @ParameterizedTest
    @MethodSource("mislabelledBodies")
    void aBodyThatIsNotIsReadForWhatItLooksLike(String type, String first, String readAs) {
        assertEquals(readAs, SharedRuntime.inspectAs(Direction.REQUEST, type, latin1(first)));
    }

    @Test
    void responsesAreCheckedOnlyWhereTheirTypesSignatureIsKnownAndTheirBytesAreText() {
        assertTrue(SharedRuntime.uninspected(Direction.RESPONSE, "image/png"));
        assertFalse(SharedRuntime.uninspected(Direction.REQUEST, "image/png"));
        assertTrue(SharedRuntime.labelToCheck(Direction.REQUEST, "image/png"));
        assertFalse(SharedRuntime.labelToCheck(Direction.REQUEST, "application/json"));
        assertTrue(SharedRuntime.responseLabelToCheck("image/png"));
        assertFalse(SharedRuntime.responseLabelToCheck("video/mp2t"), "no signature known: on its label");
        assertFalse(SharedRuntime.responseLabelToCheck("application/json"));
        // A config file a path traversal fetched as config.yml%00.png: text under an image label.
        assertEquals("text/plain", SharedRuntime.inspectAs(Direction.RESPONSE, "image/png",
                latin1("db:\n  url: postgres://app:s3cret@db:5432/app\n")));
        assertEquals("application/json", SharedRuntime.inspectAs(Direction.RESPONSE, "image/png",
                latin1("{\"card\":\"4111\"}")));
        assertNull(SharedRuntime.inspectAs(Direction.RESPONSE, "image/png", latin1("\u0089PNG\r\n\u001a\n{\"a\":1}")));
        // The middle of a video (a range): no signature, but binary.
        assertNull(SharedRuntime.inspectAs(Direction.RESPONSE, "video/mp4", latin1("\u0000\u0000\u0001\u00b3x\u0012\u0007")));
        assertNull(SharedRuntime.inspectAs(Direction.RESPONSE, "video/mp2t", latin1("{\"card\":\"4111\"}")));
        assertEquals("application/json; charset=utf-8",
                SharedRuntime.inspectAs(Direction.REQUEST, "application/json; charset=utf-8", latin1("{}")));
        // The same config file in UTF-16, as a Windows tool writes it: its zero bytes are half characters.
        String config = "db:\r\n  url: postgres://app:s3cret@db:5432/app\r\n";
        assertEquals("text/plain", SharedRuntime.inspectAs(Direction.RESPONSE, "image/png",
                ByteBuffer.wrap(("\ufeff" + config).getBytes(StandardCharsets.UTF_16LE))));
        assertEquals("text/plain", SharedRuntime.inspectAs(Direction.RESPONSE, "image/png",
                ByteBuffer.wrap(config.getBytes(StandardCharsets.UTF_16BE))));
        // Zeros in every other place around control bytes are no text.
        assertNull(SharedRuntime.inspectAs(Direction.RESPONSE, "image/png", latin1("a\u0000b\u0000\u0001\u0000\u0002\u0000")));
        ByteBuffer b = latin1("  {\"a\":1}");
        b.position(2);
        assertEquals("application/json", MediaSignatures.sniff(b));
        assertEquals(2, b.position(), "the first bytes are looked at, not consumed");
    }
}
