package dev.sluice.grpc;

import static dev.sluice.grpc.frame.FrameTesting.concat;
import static dev.sluice.grpc.frame.FrameTesting.frame;
import static dev.sluice.grpc.frame.FrameTesting.gzip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import dev.sluice.grpc.edit.MessageEditor;
import dev.sluice.grpc.edit.ValueEdit;
import dev.sluice.grpc.frame.GrpcEncoding;
import dev.sluice.grpc.frame.GrpcMessage;
import dev.sluice.grpc.walk.RecordedValue;
import dev.sluice.grpc.walk.TestSchemas;
import dev.sluice.grpc.walk.WalkMode;
import dev.sluice.grpc.walk.WalkTesting;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GrpcBodyReaderTest {
    private static final Descriptor OUTER = TestSchemas.outer();

    private static byte[] outer(String name, String innerS) {
        return DynamicMessage.newBuilder(OUTER).setField(OUTER.findFieldByName("name"), name)
                .setField(OUTER.findFieldByName("inner"), WalkTesting.inner(innerS)).build().toByteArray();
    }

    private static RecordingBodyListener read(GrpcBodyReader.Builder b, byte[] body, int chunk) {
        RecordingBodyListener l = new RecordingBodyListener();
        GrpcBodyReader r = b.listener(l).build();
        for (int at = 0; at < body.length; at += chunk) {
            r.write(body, at, Math.min(chunk, body.length - at));
        }
        r.end();
        return l;
    }

    @Test
    void streamedMessagesReportValuesAtBodyOffsets() {
        byte[] m0 = outer("alice", "card 4111");
        byte[] m1 = outer("bob", "card 5555");
        byte[] body = concat(frame(0, m0), frame(0, m1));
        RecordingBodyListener l = read(GrpcBodyReader.builder().messageType(OUTER), body, 3);
        assertEquals(2, l.messages.size());
        assertEquals(List.of("name", "inner.s", "name", "inner.s"), l.paths());
        for (RecordedValue v : l.values) {
            byte[] at = java.util.Arrays.copyOfRange(body, (int) v.bodyOffset(), (int) v.end());
            assertArrayEquals(at, v.bytes(), v.toString());
        }
        assertEquals(5 + m0.length + 5, l.messages.get(1).payloadOffset());
    }

    @Test
    void rawProtobufBodyIsOneMessage() {
        byte[] body = outer("carol", "x");
        RecordingBodyListener l = read(GrpcBodyReader.builder().framing(BodyFraming.RAW).messageType(OUTER), body, 1);
        assertEquals(List.of(new GrpcMessage(0, 0, body.length, false, false)), l.messages);
        assertEquals(2, l.at("name").bodyOffset());
    }

    @Test
    void withoutATypeMessagesAreWalkedSchemaless() {
        byte[] body = frame(0, outer("dave", "y"));
        RecordingBodyListener l = read(GrpcBodyReader.builder(), body, 1000);
        assertEquals(List.of("1", "2.1"), l.paths());
        assertTrue(l.values.stream().allMatch(v -> v.mode() == WalkMode.SCHEMALESS));
    }

    @Test
    void compressedMessageOffsetsAreRelativeToItsPayloadAndEditable() throws Exception {
        byte[] plain = outer("erin", "4111111111111111");
        byte[] body = concat(frame(0, outer("a", "b")), frame(1, gzip(plain)));
        List<byte[]> redactedFrames = new ArrayList<>();
        RecordingBodyListener l = new RecordingBodyListener() {
            private final List<ValueEdit> edits = new ArrayList<>();
            private long payloadOffset;

            @Override
            public void messageStart(GrpcMessage message) {
                super.messageStart(message);
                payloadOffset = message.payloadOffset();
                edits.clear();
            }

            @Override
            public void value(dev.sluice.grpc.walk.FieldPath path, String key, dev.sluice.grpc.walk.ValueKind kind,
                              WalkMode mode, byte[] buf, int off, int len, long bodyOffset) {
                super.value(path, key, kind, mode, buf, off, len, bodyOffset);
                if (path.toString().equals("inner.s") && len > 4) {
                    int start = (int) (bodyOffset - payloadOffset);
                    edits.add(ValueEdit.replaceRange(start, start + len, start, start + len - 4,
                            "*".repeat(len - 4).getBytes(StandardCharsets.US_ASCII)));
                }
            }

            @Override
            public void messageEnd(GrpcMessage message, byte[] buf, int off, int len) {
                super.messageEnd(message, buf, off, len);
                redactedFrames.add(MessageEditor.editFrame(buf, off, len, edits));
            }
        };
        GrpcBodyReader r = GrpcBodyReader.builder().messageType(OUTER).encoding(GrpcEncoding.GZIP).listener(l).build();
        r.write(body, 0, body.length);
        r.end();
        GrpcMessage second = l.messages.get(1);
        assertTrue(second.compressed());
        RecordedValue card = l.values.get(3);
        assertEquals("4111111111111111", card.text());
        assertArrayEquals(plain, l.messageBytes.get(1));
        int inMessage = (int) (card.bodyOffset() - second.payloadOffset());
        assertEquals("4111111111111111", new String(plain, inMessage, 16, StandardCharsets.US_ASCII));
        DynamicMessage redacted = DynamicMessage.parseFrom(OUTER,
                java.util.Arrays.copyOfRange(redactedFrames.get(1), 5, redactedFrames.get(1).length));
        assertTrue(redacted.toString().contains("s: \"************1111\""), redacted.toString());
        assertEquals(0, redactedFrames.get(1)[0], "re-sent uncompressed");
    }

    @Test
    void oversizedRawBodyIsHandedOverUninspected() {
        byte[] body = outer("frank", "z".repeat(500));
        RecordingBodyListener l = read(GrpcBodyReader.builder().framing(BodyFraming.RAW)
                .limits(GrpcLimits.builder().maxMessageBytes(100).build()).messageType(OUTER), body, 64);
        assertHandedOverWhole(l, body, "MESSAGE_TOO_LARGE@0");
    }

    /** A raw body the process has no room to buffer goes the same way, and its grants are given back. */
    @Test
    void rawBodyWithoutRoomIsHandedOverUninspected() {
        byte[] body = outer("frank", "z".repeat(500));
        List<Long> grants = new ArrayList<>();
        RecordingBodyListener l = read(GrpcBodyReader.builder().framing(BodyFraming.RAW).messageType(OUTER)
                .room(capacity -> capacity <= 200 && grants.add(capacity)), body, 64);
        assertHandedOverWhole(l, body, "NO_ROOM@0");
        assertEquals(0L, grants.getLast());
    }

    private static void assertHandedOverWhole(RecordingBodyListener l, byte[] body, String error) {
        assertTrue(l.messages.isEmpty());
        assertEquals(List.of(error), l.frameErrors);
        long expectedOffset = 0;
        for (long[] u : l.uninspected) {
            assertEquals(expectedOffset, u[0]);
            expectedOffset += u[1];
        }
        assertEquals(body.length, expectedOffset);
    }

    @Test
    void grpcWebTrailersPassThrough() {
        byte[] trailer = "grpc-status: 13\r\ngrpc-message: db%20password%3Dx\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] body = concat(frame(0, outer("g", "h")), frame(0x80, trailer));
        RecordingBodyListener l = read(GrpcBodyReader.builder().framing(BodyFraming.GRPC_WEB).messageType(OUTER), body, 7);
        assertEquals(1, l.trailers.size());
        assertEquals("db password=x", l.trailers.get(0).message());
        assertEquals(13, l.trailers.get(0).status().getAsInt());
    }

    @Test
    void depthLimitComesFromTheLimits() {
        Descriptor rec = TestSchemas.recursive();
        DynamicMessage m = DynamicMessage.newBuilder(rec).setField(rec.findFieldByName("leaf"), "bottom").build();
        for (int i = 0; i < 5; i++) {
            m = DynamicMessage.newBuilder(rec).setField(rec.findFieldByName("next"), m).build();
        }
        RecordingBodyListener l = read(GrpcBodyReader.builder().framing(BodyFraming.RAW).messageType(rec)
                .limits(GrpcLimits.builder().maxDepth(2).build()), m.toByteArray(), 100);
        assertEquals(1, l.problems.size());
        assertTrue(l.problems.get(0).startsWith("DEPTH_LIMIT"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "application/grpc|GRPC", "application/grpc+proto|GRPC", "Application/GRPC; charset=x|GRPC",
        "application/grpc-web|GRPC_WEB", "application/grpc-web+proto|GRPC_WEB",
        "application/protobuf|RAW", "application/x-protobuf|RAW", "application/x-google-protobuf|RAW",
        "application/grpc-web-text|GRPC_WEB", "application/grpc-web-text+proto|GRPC_WEB",
        "application/grpc+json|NONE", "application/octet-stream|NONE",
        "application/json|NONE"})
    void contentTypesMapToFraming(String contentType, String expected) {
        Optional<BodyFraming> f = BodyFraming.forContentType(contentType);
        assertEquals(expected, f.map(Enum::name).orElse("NONE"));
    }
}
