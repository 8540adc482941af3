package dev.sluice.grpc.edit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import dev.sluice.grpc.walk.ProtobufWalker;
import dev.sluice.grpc.walk.RandomMessages;
import dev.sluice.grpc.walk.RecordedValue;
import dev.sluice.grpc.walk.RecordingVisitor;
import dev.sluice.grpc.walk.TestSchemas;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Hostile input: corrupted, truncated and spliced messages, walked with and without a schema
 * under small depth limits. Nothing may throw; reported values must lie inside the message and
 * never overlap (an overlap would report the same bytes twice); and every reported value must be
 * editable, so redaction can act on whatever the walker found.
 */
class MutatedMessagesTest {
    private static final Descriptor LEGACY = TestSchemas.legacy();

    @RepeatedTest(400)
    void walkerCopesAndEveryReportedValueCanBeEdited(RepetitionInfo info) {
        RandomMessages gen = new RandomMessages(50_000 + info.getCurrentRepetition());
        Random rnd = gen.random();
        byte[] msg = mutate(rnd, rnd.nextInt(4) == 0 ? legacy(gen) : gen.outer().toByteArray());
        Descriptor type = switch (rnd.nextInt(3)) {
            case 0 -> TestSchemas.outer();
            case 1 -> LEGACY;
            default -> null;
        };
        RecordingVisitor v = new RecordingVisitor();
        ProtobufWalker.builder().maxDepth(1 + rnd.nextInt(6)).lookup(TestSchemas.registry()).build()
                .walk(type, msg, 0, msg.length, 0, v);
        List<RecordedValue> sorted = new ArrayList<>(v.values);
        sorted.sort(Comparator.comparingLong(RecordedValue::bodyOffset));
        long end = 0;
        List<ValueEdit> edits = new ArrayList<>();
        for (RecordedValue r : sorted) {
            assertTrue(r.bodyOffset() >= end, () -> "overlap at " + r + " in " + sorted);
            assertTrue(r.end() <= msg.length);
            end = r.end();
            edits.add(ValueEdit.replaceValue((int) r.bodyOffset(), (int) r.end(), new byte[] {'#'}));
        }
        byte[] edited = MessageEditor.edit(msg, 0, msg.length, edits);
        assertTrue(edited.length <= msg.length + 10L * edits.size());
    }

    private static byte[] legacy(RandomMessages gen) {
        var item = LEGACY.findFieldByName("item").getMessageType();
        var row = LEGACY.findFieldByName("row").getMessageType();
        DynamicMessage.Builder b = DynamicMessage.newBuilder(LEGACY)
                .setField(LEGACY.findFieldByName("item"), DynamicMessage.newBuilder(item)
                        .setField(item.findFieldByName("note"), gen.text()).build())
                .setField(LEGACY.findFieldByName("title"), gen.text());
        for (int i = gen.random().nextInt(4); i > 0; i--) {
            b.addRepeatedField(LEGACY.findFieldByName("row"), DynamicMessage.newBuilder(row)
                    .setField(row.findFieldByName("cell"), gen.text()).build());
        }
        return b.build().toByteArray();
    }

    private static byte[] mutate(Random rnd, byte[] in) {
        byte[] b = in.clone();
        switch (rnd.nextInt(5)) {
            case 0 -> {
                for (int i = 1 + rnd.nextInt(4); i > 0 && b.length > 0; i--) {
                    b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            case 1 -> b = java.util.Arrays.copyOf(b, b.length == 0 ? 0 : rnd.nextInt(b.length));
            case 2 -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int at = b.length == 0 ? 0 : rnd.nextInt(b.length);
                out.write(b, 0, at);
                byte[] junk = new byte[1 + rnd.nextInt(8)];
                rnd.nextBytes(junk);
                out.writeBytes(junk);
                out.write(b, at, b.length - at);
                b = out.toByteArray();
            }
            case 3 -> {
                if (b.length > 2) {
                    int from = rnd.nextInt(b.length - 1);
                    int to = from + 1 + rnd.nextInt(b.length - from - 1);
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.writeBytes(b);
                    out.write(b, from, to - from); // a duplicated run at the end
                    b = out.toByteArray();
                }
            }
            default -> {
                // unchanged: valid messages are hostile input too
            }
        }
        return b;
    }
}
