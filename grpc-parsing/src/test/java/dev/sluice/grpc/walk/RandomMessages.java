package dev.sluice.grpc.walk;

import static dev.sluice.grpc.walk.WalkTesting.builder;
import static dev.sluice.grpc.walk.WalkTesting.entry;
import static dev.sluice.grpc.walk.WalkTesting.f;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.ListValue;
import com.google.protobuf.StringValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.util.Random;

/**
 * Seeded random {@code test.Outer} messages. Every string and bytes value is unique in its
 * message (a counter prefix), ASCII, and of a length that often crosses a varint boundary, so a
 * test can find a value by content and see length prefixes change size when it is edited.
 */
public final class RandomMessages {
    private static final Descriptor OUTER = TestSchemas.outer();
    private static final Descriptor INNER = TestSchemas.inner();
    private final Random rnd;
    private int counter;

    public RandomMessages(long seed) {
        this.rnd = new Random(seed);
    }

    public Random random() {
        return rnd;
    }

    public DynamicMessage outer() {
        DynamicMessage.Builder b = builder(OUTER);
        if (rnd.nextBoolean()) {
            b.setField(f(OUTER, "name"), text());
        }
        if (rnd.nextBoolean()) {
            b.setField(f(OUTER, "inner"), inner(3));
        }
        for (int i = rnd.nextInt(4); i > 0; i--) {
            b.addRepeatedField(f(OUTER, "items"), inner(2));
        }
        for (int i = rnd.nextInt(4); i > 0; i--) {
            b.addRepeatedField(f(OUTER, "labels"), entry(OUTER, "labels", text(), text()));
        }
        for (int i = rnd.nextInt(3); i > 0; i--) {
            b.addRepeatedField(f(OUTER, "by_id"), entry(OUTER, "by_id", counter++, inner(1)));
        }
        for (int i = rnd.nextInt(4); i > 0; i--) {
            b.addRepeatedField(f(OUTER, "packed"), rnd.nextInt());
            b.addRepeatedField(f(OUTER, "unpacked"), rnd.nextLong());
        }
        switch (rnd.nextInt(3)) {
            case 0 -> b.setField(f(OUTER, "text"), text());
            case 1 -> b.setField(f(OUTER, "sub"), inner(1));
            default -> {
            }
        }
        if (rnd.nextBoolean()) {
            b.setField(f(OUTER, "blob"), blob());
        }
        if (rnd.nextBoolean()) {
            b.setField(f(OUTER, "d"), rnd.nextDouble()).setField(f(OUTER, "f"), rnd.nextInt());
        }
        if (rnd.nextInt(3) == 0) {
            b.setField(f(OUTER, "any"), Any.newBuilder().setTypeUrl("type.googleapis.com/test.Inner")
                    .setValue(inner(1).toByteString()).build());
        }
        if (rnd.nextInt(3) == 0) {
            b.setField(f(OUTER, "meta"), Struct.newBuilder().putFields(text(), str(text()))
                    .putFields(text(), Value.newBuilder().setListValue(ListValue.newBuilder().addValues(str(text()))).build())
                    .build());
        }
        if (rnd.nextInt(3) == 0) {
            b.setField(f(OUTER, "wrapped"), StringValue.of(text()));
        }
        for (int i = rnd.nextInt(3); i > 0; i--) {
            b.addRepeatedField(f(OUTER, "tags"), text());
        }
        return b.build();
    }

    private DynamicMessage inner(int depth) {
        DynamicMessage.Builder b = builder(INNER);
        if (rnd.nextInt(4) != 0) {
            b.setField(f(INNER, "s"), text());
        }
        if (rnd.nextInt(3) == 0) {
            b.setField(f(INNER, "b"), blob());
        }
        for (int i = rnd.nextInt(3); i > 0; i--) {
            b.addRepeatedField(f(INNER, "rs"), text());
        }
        if (depth > 0 && rnd.nextBoolean()) {
            b.setField(f(INNER, "child"), inner(depth - 1));
        }
        if (rnd.nextBoolean()) {
            b.setField(f(INNER, "n"), rnd.nextInt());
        }
        return b.build();
    }

    /** A unique ASCII text, 3 to about 300 characters. */
    public String text() {
        StringBuilder s = new StringBuilder("u").append(counter++).append('-');
        int n = rnd.nextInt(4) == 0 ? 100 + rnd.nextInt(200) : rnd.nextInt(20);
        for (int i = 0; i < n; i++) {
            s.append((char) (' ' + 1 + rnd.nextInt(94)));
        }
        return s.toString();
    }

    private ByteString blob() {
        byte[] tail = new byte[rnd.nextInt(rnd.nextBoolean() ? 10 : 200)];
        rnd.nextBytes(tail);
        return ByteString.copyFromUtf8("b" + counter++ + "-").concat(ByteString.copyFrom(tail));
    }

    private static Value str(String s) {
        return Value.newBuilder().setStringValue(s).build();
    }
}
