package dev.sluice.grpc.walk;

import static dev.sluice.grpc.walk.WalkTesting.builder;
import static dev.sluice.grpc.walk.WalkTesting.bytes;
import static dev.sluice.grpc.walk.WalkTesting.entry;
import static dev.sluice.grpc.walk.WalkTesting.f;
import static dev.sluice.grpc.walk.WalkTesting.inner;
import static dev.sluice.grpc.walk.WalkTesting.walk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemalessWalkTest {
    private static final Descriptor OUTER = TestSchemas.outer();
    private static final Descriptor INNER = TestSchemas.inner();

    private static RecordingVisitor walkSchemaless(byte[] msg) {
        return walk(null, msg, null, ProtobufWalker.DEFAULT_MAX_DEPTH);
    }

    private static RecordingVisitor walkSchemaless(byte[] msg, int maxDepth) {
        return walk(null, msg, null, maxDepth);
    }

    @Test
    void pathsAreFieldNumbersAndNestedMessagesAreDescended() {
        DynamicMessage m = builder(OUTER)
                .setField(f(OUTER, "name"), "alice")
                .setField(f(OUTER, "inner"), builder(INNER).setField(f(INNER, "s"), "one")
                        .setField(f(INNER, "child"), inner("two")).build())
                .addRepeatedField(f(OUTER, "labels"), entry(OUTER, "labels", "env", "prod"))
                .build();
        RecordingVisitor v = walkSchemaless(bytes(m));
        assertEquals(List.of("1", "2.1", "2.4.1", "4.1", "4.2"), v.paths());
        assertEquals("two", v.at("2.4.1").text());
        assertTrue(v.values.stream().allMatch(x -> x.mode() == WalkMode.SCHEMALESS && x.key() == null));
        assertTrue(v.problems.isEmpty());
    }

    @Test
    void printableTextThatAlsoParsesAsAMessageIsText() {
        // "hi" is field 13 = 105; "(2" is field 5 = 50: both are valid messages.
        for (String text : List.of("hi", "(2", "hello world", "https://example.com/a?b=c")) {
            RecordingVisitor v = walkSchemaless(new WalkTesting.Wire().len(1, text).bytes());
            assertEquals(text, v.at("1").text());
            assertEquals(ValueKind.STRING, v.at("1").kind());
        }
    }

    @Test
    void printableMessageStartingWithFieldOneIsAMessage() {
        String token = "x".repeat(40); // 0a 28 'xxx...': every byte printable
        byte[] nested = new WalkTesting.Wire().len(1, token).bytes();
        RecordingVisitor v = walkSchemaless(new WalkTesting.Wire().len(3, nested).bytes());
        assertEquals(token, v.at("3.1").text());
    }

    @Test
    void textStartingWithANewlineThatIsNoMessageIsText() {
        RecordingVisitor v = walkSchemaless(new WalkTesting.Wire().len(2, "\nline two\n").bytes());
        assertEquals("\nline two\n", v.at("2").text());
    }

    @Test
    void utf8WithControlsThatIsNoMessageIsStillText() {
        RecordingVisitor v = walkSchemaless(new WalkTesting.Wire().len(2, "a\u0001b\u0002c").bytes());
        assertEquals(ValueKind.STRING, v.at("2").kind());
    }

    @Test
    void binaryThatIsNoMessageIsBytes() {
        byte[] blob = {(byte) 0xff, (byte) 0xfe, 0x00, 0x07};
        RecordingVisitor v = walkSchemaless(new WalkTesting.Wire().len(10, blob).bytes());
        assertEquals(ValueKind.BYTES, v.at("10").kind());
        RecordingVisitor bytesField = walkSchemaless(bytes(builder(OUTER)
                .setField(f(OUTER, "blob"), ByteString.copyFrom(blob)).build()));
        assertEquals(ValueKind.BYTES, bytesField.at("10").kind());
    }

    @Test
    void nonAsciiTextIsText() {
        String text = "Schäfer – José";
        RecordingVisitor v = walkSchemaless(new WalkTesting.Wire().len(1, text).bytes());
        assertEquals(text, v.at("1").text());
    }

    @Test
    void groupsAreDescendedByNumber() {
        byte[] msg = new WalkTesting.Wire().tag(3, 3).len(4, "cell").tag(3, 4).len(5, "after").bytes();
        RecordingVisitor v = walkSchemaless(msg);
        assertEquals(List.of("3.4", "5"), v.paths());
    }

    @Test
    void depthLimitHandsDeeperMessagesOverRaw() {
        byte[] msg = new WalkTesting.Wire().len(1, "deepest\u0001").bytes();
        for (int i = 0; i < 10; i++) {
            msg = new WalkTesting.Wire().len(1, msg).bytes();
        }
        RecordingVisitor v = walkSchemaless(msg, 3);
        assertEquals(List.of("1.1.1.1"), v.paths());
        assertEquals(ValueKind.BYTES, v.values.get(0).kind());
        assertEquals(1, v.problems.size());
        assertTrue(v.problems.get(0).startsWith("DEPTH_LIMIT"));
    }

    @Test
    void groupsBeyondTheDepthLimitAreReportedRawWithoutTheirEndTag() {
        WalkTesting.Wire w = new WalkTesting.Wire();
        for (int i = 1; i <= 4; i++) {
            w.tag(i, 3);
        }
        w.len(9, "deep text");
        for (int i = 4; i >= 1; i--) {
            w.tag(i, 4);
        }
        byte[] msg = w.len(10, "after").bytes();
        RecordingVisitor v = walkSchemaless(msg, 2);
        assertEquals(List.of("1.2.3", "10"), v.paths());
        RecordedValue raw = v.at("1.2.3");
        assertEquals(ValueKind.BYTES, raw.kind());
        assertEquals(1 + 11 + 1, raw.length(), "group 3 content: group 4 whole, without group 3 end tag");
        assertEquals(1, v.problems.size());
        assertTrue(v.problems.get(0).startsWith("DEPTH_LIMIT"));
        byte[] edited = dev.sluice.grpc.edit.MessageEditor.edit(msg, 0, msg.length, List.of(
                dev.sluice.grpc.edit.ValueEdit.replaceValue((int) (raw.bodyOffset() - WalkTesting.BODY_OFFSET),
                        (int) (raw.end() - WalkTesting.BODY_OFFSET), new byte[0])));
        assertEquals(List.of("10"), walkSchemaless(edited).paths(), "still a valid message after the edit");
    }

    @Test
    void bodyThatIsNoMessageIsReportedRawWhole() {
        byte[] body = "{\"json\": \"not protobuf\"}".getBytes(StandardCharsets.UTF_8);
        RecordingVisitor v = walkSchemaless(body);
        assertEquals(1, v.values.size());
        assertEquals(body.length, v.values.get(0).length());
        assertEquals("", v.values.get(0).path());
        assertNull(v.values.get(0).key());
        assertEquals(1, v.problems.size());
    }

    @Test
    void emptyMessageReportsNothing() {
        RecordingVisitor v = walkSchemaless(new byte[0]);
        assertTrue(v.values.isEmpty());
        assertTrue(v.problems.isEmpty());
    }
}
