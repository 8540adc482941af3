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

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.ListValue;
import com.google.protobuf.StringValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaWalkTest {
    private static final Descriptor OUTER = TestSchemas.outer();
    private static final Descriptor INNER = TestSchemas.inner();

    @Test
    void reportsStringsAndBytesUnderDottedFieldNames() {
        DynamicMessage m = builder(OUTER)
                .setField(f(OUTER, "name"), "alice")
                .setField(f(OUTER, "inner"), builder(INNER)
                        .setField(f(INNER, "s"), "one")
                        .setField(f(INNER, "b"), ByteString.copyFrom(new byte[] {1, 2, 3}))
                        .setField(f(INNER, "child"), inner("two"))
                        .build())
                .build();
        RecordingVisitor v = walk(OUTER, bytes(m));
        assertEquals(List.of("name", "inner.s", "inner.b", "inner.child.s"), v.paths());
        assertEquals("alice", v.at("name").text());
        assertEquals("name", v.at("name").key());
        assertNull(v.at("name").parentKey());
        assertEquals("s", v.at("inner.child.s").key());
        assertEquals("child", v.at("inner.child.s").parentKey());
        assertEquals(ValueKind.BYTES, v.at("inner.b").kind());
        assertTrue(v.values.stream().allMatch(x -> x.mode() == WalkMode.SCHEMA));
        assertTrue(v.problems.isEmpty(), v.problems.toString());
    }

    @Test
    void indexesRepeatedElementsWithinEachMessage() {
        DynamicMessage m = builder(OUTER)
                .addRepeatedField(f(OUTER, "items"), builder(INNER).setField(f(INNER, "s"), "a")
                        .addRepeatedField(f(INNER, "rs"), "x").addRepeatedField(f(INNER, "rs"), "y").build())
                .addRepeatedField(f(OUTER, "items"), builder(INNER).setField(f(INNER, "s"), "b")
                        .addRepeatedField(f(INNER, "rs"), "z").build())
                .addRepeatedField(f(OUTER, "tags"), "t0")
                .addRepeatedField(f(OUTER, "tags"), "t1")
                .build();
        RecordingVisitor v = walk(OUTER, bytes(m));
        assertEquals(List.of("items[0].s", "items[0].rs[0]", "items[0].rs[1]", "items[1].s", "items[1].rs[0]",
                "tags[0]", "tags[1]"), v.paths());
        assertEquals("z", v.at("items[1].rs[0]").text());
        assertEquals("rs", v.at("items[0].rs[1]").key());
        assertEquals("items", v.at("items[0].rs[1]").parentKey());
        assertEquals("tags", v.at("tags[1]").key());
    }

    @Test
    void keysMapValuesByTheirEntryKeyAndReportStringKeys() {
        DynamicMessage m = builder(OUTER)
                .addRepeatedField(f(OUTER, "labels"), entry(OUTER, "labels", "env", "prod"))
                .addRepeatedField(f(OUTER, "labels"), entry(OUTER, "labels", "a]b\\c", "odd"))
                .addRepeatedField(f(OUTER, "by_id"), entry(OUTER, "by_id", 42, inner("deep")))
                .addRepeatedField(f(OUTER, "flags"), entry(OUTER, "flags", true, "yes"))
                .addRepeatedField(f(OUTER, "zig"), entry(OUTER, "zig", -3L, "neg"))
                .build();
        RecordingVisitor v = walk(OUTER, bytes(m));
        assertEquals("prod", v.at("labels[env]").text());
        assertEquals("env", v.at("labels[env]").key());
        assertEquals("labels", v.at("labels[env]").parentKey());
        assertEquals("odd", v.at("labels[a\\]b\\\\c]").text());
        assertEquals("deep", v.at("by_id[42].s").text());
        assertEquals("yes", v.at("flags[true]").text());
        assertEquals("neg", v.at("zig[-3]").text());
        List<String> keys = v.values.stream().filter(x -> x.path().equals("labels")).map(RecordedValue::text).toList();
        assertEquals(List.of("env", "a]b\\c"), keys, "string keys are values too, at the map's path");
        assertTrue(v.problems.isEmpty(), v.problems.toString());
    }

    @Test
    void mapEntryWithValueBeforeKeyIsStillKeyed() {
        byte[] entryBytes = new WalkTesting.Wire().len(2, "v").len(1, "k").bytes();
        byte[] msg = new WalkTesting.Wire().len(4, entryBytes).bytes();
        RecordingVisitor v = walk(OUTER, msg);
        assertEquals("v", v.at("labels[k]").text());
        assertEquals("k", v.at("labels").text());
    }

    @Test
    void longMapKeysAreCutInThePath() {
        String key = "k".repeat(300);
        DynamicMessage m = builder(OUTER).addRepeatedField(f(OUTER, "labels"), entry(OUTER, "labels", key, "v")).build();
        RecordingVisitor v = walk(OUTER, bytes(m));
        RecordedValue value = v.values.get(1);
        assertEquals("labels[" + "k".repeat(FieldPath.MAX_KEY_CHARS) + "…]", value.path());
    }

    @Test
    void skipsPackedUnpackedAndOtherScalars() {
        DynamicMessage m = builder(OUTER)
                .addRepeatedField(f(OUTER, "packed"), 1).addRepeatedField(f(OUTER, "packed"), 300)
                .addRepeatedField(f(OUTER, "unpacked"), 5L).addRepeatedField(f(OUTER, "unpacked"), -6L)
                .setField(f(OUTER, "d"), 2.5).setField(f(OUTER, "f"), 7)
                .setField(f(OUTER, "name"), "n")
                .build();
        RecordingVisitor v = walk(OUTER, bytes(m));
        assertEquals(List.of("name"), v.paths());
        assertTrue(v.problems.isEmpty());
    }

    @Test
    void oneofMembersReportUnderTheirOwnNames() {
        assertEquals(List.of("text"), walk(OUTER, bytes(builder(OUTER).setField(f(OUTER, "text"), "t").build())).paths());
        assertEquals(List.of("sub.s"), walk(OUTER, bytes(builder(OUTER).setField(f(OUTER, "sub"), inner("s")).build())).paths());
    }

    @Test
    void depthLimitHandsDeeperContentOverRaw() {
        Descriptor rec = TestSchemas.recursive();
        DynamicMessage m = builder(rec).setField(f(rec, "leaf"), "leaf20").build();
        for (int i = 19; i >= 0; i--) {
            m = builder(rec).setField(f(rec, "next"), m).setField(f(rec, "leaf"), "leaf" + i).build();
        }
        RecordingVisitor v = walk(rec, bytes(m), null, 5);
        List<RecordedValue> leaves = v.values.stream().filter(x -> x.kind() == ValueKind.STRING).toList();
        assertEquals(6, leaves.size(), "root and five nested levels are walked");
        assertEquals("leaf5", v.at("next.next.next.next.next.leaf").text());
        assertEquals("leaf0", v.at("leaf").text());
        RecordedValue raw = v.at("next.next.next.next.next.next");
        assertEquals(ValueKind.BYTES, raw.kind());
        assertTrue(new String(raw.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1).contains("leaf20"));
        assertEquals(1, v.problems.size());
        assertTrue(v.problems.get(0).startsWith("DEPTH_LIMIT"));
    }

    @Test
    void unknownFieldsAreWalkedSchemalessUnderTheirNumber() {
        byte[] hidden = new WalkTesting.Wire().len(1, "hidden secret").bytes();
        byte[] innerBytes = new WalkTesting.Wire().len(1, "known").len(50, "unknown text").bytes();
        byte[] msg = new WalkTesting.Wire().len(1, "n").len(99, hidden).len(2, innerBytes).bytes();
        RecordingVisitor v = walk(OUTER, msg);
        assertEquals(List.of("name", "99.1", "inner.s", "inner.50"), v.paths());
        assertEquals(WalkMode.SCHEMALESS, v.at("99.1").mode());
        assertEquals("hidden secret", v.at("99.1").text());
        assertNull(v.at("inner.50").key());
        assertEquals("inner", v.at("inner.50").parentKey());
        assertEquals(WalkMode.SCHEMA, v.at("inner.s").mode());
    }

    @Test
    void fieldWithUnexpectedWireTypeIsTreatedAsUnknown() {
        byte[] msg = new WalkTesting.Wire()
                .tag(1, 0).varint(5)                 // string field as a varint: nothing to report
                .tag(2, 5).raw((byte) 1, (byte) 2, (byte) 3, (byte) 4) // message field as fixed32
                .tag(22, 3).len(1, "in a group").tag(22, 4)            // repeated string as a group
                .len(11, "text where a double is") // a LEN on a scalar is read as packed: skipped
                .bytes();
        RecordingVisitor v = walk(OUTER, msg);
        assertEquals(List.of("22.1"), v.paths());
        assertEquals(WalkMode.SCHEMALESS, v.at("22.1").mode());
        assertTrue(v.problems.isEmpty(), v.problems.toString());
    }

    @Test
    void anyIsWalkedAsTheTypeItsUrlNames() {
        DynamicMessage packed = builder(INNER).setField(f(INNER, "s"), "packed secret")
                .setField(f(INNER, "child"), inner("c")).build();
        Any any = Any.newBuilder().setTypeUrl("type.googleapis.com/test.Inner").setValue(packed.toByteString()).build();
        DynamicMessage m = builder(OUTER).setField(f(OUTER, "any"), any)
                .addRepeatedField(f(OUTER, "anys"), any).addRepeatedField(f(OUTER, "anys"), any).build();
        RecordingVisitor v = walk(OUTER, bytes(m));
        assertEquals("type.googleapis.com/test.Inner", v.at("any.type_url").text());
        assertEquals("packed secret", v.at("any.s").text());
        assertEquals(WalkMode.SCHEMA, v.at("any.s").mode());
        assertEquals("c", v.at("any.child.s").text());
        assertEquals("packed secret", v.at("anys[1].s").text());
    }

    @Test
    void unresolvedAnyIsWalkedSchemalessUnderValue() {
        Any any = Any.newBuilder().setTypeUrl("type.googleapis.com/nowhere.Unknown")
                .setValue(inner("mystery").toByteString()).build();
        byte[] msg = bytes(builder(OUTER).setField(f(OUTER, "any"), any).build());
        RecordingVisitor v = walk(OUTER, msg);
        assertEquals("mystery", v.at("any.value.1").text());
        assertEquals(WalkMode.SCHEMALESS, v.at("any.value.1").mode());
        RecordingVisitor noLookup = walk(OUTER, msg, null, 64);
        assertEquals("mystery", noLookup.at("any.value.1").text());
    }

    @Test
    void anyHoldingAWrapperReportsAtTheAnysPath() {
        Any any = Any.pack(StringValue.of("wrapped in any"));
        RecordingVisitor v = walk(OUTER, bytes(builder(OUTER).setField(f(OUTER, "any"), any).build()));
        assertEquals("wrapped in any", v.at("any").text());
    }

    @Test
    void structMembersAreKeyedLikeMapEntries() {
        Struct nested = Struct.newBuilder().putFields("inner", str("deep")).build();
        Struct meta = Struct.newBuilder()
                .putFields("name", str("bob"))
                .putFields("nested", Value.newBuilder().setStructValue(nested).build())
                .putFields("list", Value.newBuilder().setListValue(ListValue.newBuilder()
                        .addValues(str("a"))
                        .addValues(Value.newBuilder().setStructValue(Struct.newBuilder().putFields("k", str("v"))))).build())
                .putFields("num", Value.newBuilder().setNumberValue(3).build())
                .build();
        DynamicMessage m = builder(OUTER).setField(f(OUTER, "meta"), meta)
                .setField(f(OUTER, "value"), str("root"))
                .setField(f(OUTER, "list"), ListValue.newBuilder().addValues(str("x")).addValues(str("y")).build())
                .build();
        RecordingVisitor v = walk(OUTER, bytes(m));
        assertEquals("bob", v.at("meta[name]").text());
        assertEquals("name", v.at("meta[name]").key());
        assertEquals("meta", v.at("meta[name]").parentKey());
        assertEquals("deep", v.at("meta[nested][inner]").text());
        assertEquals("a", v.at("meta[list][0]").text());
        assertEquals("v", v.at("meta[list][1][k]").text());
        assertEquals("root", v.at("value").text());
        assertEquals("y", v.at("list[1]").text());
        assertTrue(v.problems.isEmpty());
    }

    @Test
    void wrappersReportAtTheWrapperFieldsPath() {
        DynamicMessage m = builder(OUTER).setField(f(OUTER, "wrapped"), StringValue.of("w"))
                .setField(f(OUTER, "wrapped_bytes"), BytesValue.of(ByteString.copyFromUtf8("wb"))).build();
        RecordingVisitor v = walk(OUTER, bytes(m));
        assertEquals(List.of("wrapped", "wrapped_bytes"), v.paths());
        assertEquals("wrapped", v.at("wrapped").key());
        assertEquals(ValueKind.STRING, v.at("wrapped").kind());
        assertEquals(ValueKind.BYTES, v.at("wrapped_bytes").kind());
    }

    @Test
    void groupsAreWalkedByFieldName() {
        Descriptor legacy = TestSchemas.legacy();
        Descriptor item = f(legacy, "item").getMessageType();
        Descriptor row = f(legacy, "row").getMessageType();
        DynamicMessage m = builder(legacy)
                .setField(f(legacy, "item"), builder(item).setField(f(item, "note"), "n").build())
                .addRepeatedField(f(legacy, "row"), builder(row).setField(f(row, "cell"), "c0").build())
                .addRepeatedField(f(legacy, "row"), builder(row).setField(f(row, "cell"), "c1").build())
                .setField(f(legacy, "title"), "t")
                .build();
        RecordingVisitor v = walk(legacy, bytes(m));
        assertEquals(List.of("item.note", "row[0].cell", "row[1].cell", "title"), v.paths());
        assertTrue(v.problems.isEmpty());
    }

    @Test
    void malformedNestedMessageIsContainedAndItsRestReportedRaw() {
        byte[] innerBytes = new WalkTesting.Wire().len(1, "fine").raw((byte) 0x00, (byte) 'x', (byte) 'y').bytes();
        byte[] msg = new WalkTesting.Wire().len(1, "ok").len(2, innerBytes).len(22, "after").bytes();
        RecordingVisitor v = walk(OUTER, msg);
        assertEquals(List.of("name", "inner.s", "inner", "tags[0]"), v.paths());
        assertEquals(ValueKind.BYTES, v.at("inner").kind());
        assertEquals("\0xy", new String(v.at("inner").bytes(), java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals(List.of("MALFORMED@inner:" + (WalkTesting.BODY_OFFSET + 4 + 2 + 6)), v.problems);
    }

    @Test
    void rootThatDoesNotParseIsReportedRawWhole() {
        byte[] msg = new WalkTesting.Wire().len(1, "abc").tag(9, 2).varint(50).raw((byte) 'x', (byte) 'y').bytes();
        RecordingVisitor v = walk(OUTER, msg);
        assertEquals(List.of(""), v.paths());
        assertEquals(msg.length, v.at("").length());
        assertEquals(ValueKind.BYTES, v.at("").kind());
        assertEquals(List.of("MALFORMED@:" + (WalkTesting.BODY_OFFSET + 5)), v.problems);
    }

    @Test
    void unterminatedGroupInTheRootIsMalformed() {
        Descriptor legacy = TestSchemas.legacy();
        byte[] msg = new WalkTesting.Wire().tag(1, 3).len(2, "note").bytes();
        RecordingVisitor v = walk(legacy, msg);
        assertEquals(List.of(""), v.paths());
        assertEquals(1, v.problems.size());
    }

    @Test
    void fieldNumbersAboveTheDenseTableAreFound() {
        RecordingVisitor v = walk(OUTER, bytes(builder(OUTER).setField(f(OUTER, "big"), "far").build()));
        assertEquals("far", v.at("big").text());
    }

    private static Value str(String s) {
        return Value.newBuilder().setStringValue(s).build();
    }
}
