package dev.sluice.standalone.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.inspector.HeldMemory;
import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.InspectionResult;
import dev.sluice.inspector.InspectionSession;
import dev.sluice.inspector.Inspector;
import dev.sluice.matchers.Direction;
import dev.sluice.matchers.MatchEngine;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/** Bytes held while a gRPC schema is looked up: bounded, and fed on exactly as they came. */
class PendingBytesTest {
    private static final Inspector INSPECTOR = new Inspector(MatchEngine.builtin(), InspectionLimits.defaults());

    @Test
    void refusesAChunkThatWouldPassTheLimitAndKeepsWhatItHas() {
        PendingBytes p = new PendingBytes(10, HeldMemory.unbounded());
        assertTrue(p.add(ByteBuffer.wrap(new byte[6]).asReadOnlyBuffer()));
        assertFalse(p.add(ByteBuffer.wrap(new byte[5]).asReadOnlyBuffer()));
        assertTrue(p.add(ByteBuffer.wrap(new byte[4]).asReadOnlyBuffer()));
    }

    @RepeatedTest(20)
    void heldChunksReachTheSessionWholeAndInOrder(RepetitionInfo info) {
        Random random = new Random(info.getCurrentRepetition());
        byte[] body = "{\"note\":\"pay with 4111 1111 1111 1111 today\"}".getBytes(StandardCharsets.UTF_8);
        PendingBytes p = new PendingBytes(1 << 16, HeldMemory.unbounded());
        for (int off = 0; off < body.length; ) {
            int n = Math.min(body.length - off, 1 + random.nextInt(8));
            ByteBuffer chunk = ByteBuffer.wrap(body, off, n).asReadOnlyBuffer();
            int position = chunk.position();
            assertTrue(p.add(chunk));
            assertEquals(position, chunk.position(), "the proxy's chunk must not move");
            off += n;
        }
        InspectionSession session = INSPECTOR.open(Direction.RESPONSE, "application/json", null);
        p.drainTo(session);
        InspectionResult r = session.finish();
        assertEquals(body.length, r.inspectedBytes());
        assertEquals(1, r.findings().size());
        assertEquals("credit_card", r.findings().get(0).id());
    }

    @Test
    void aChunkTheProcessHasNoRoomForIsRefusedAndDiscardingGivesTheRoomBack() {
        HeldMemory memory = HeldMemory.of(1 << 20);
        PendingBytes first = new PendingBytes(1 << 21, memory);
        assertTrue(first.add(ByteBuffer.wrap(new byte[1 << 20])), "1 MiB: its first 64 KiB are not charged");
        assertEquals((1 << 20) - HeldMemory.UNCHARGED_BYTES, memory.charged());
        PendingBytes second = new PendingBytes(1 << 21, memory);
        assertTrue(second.add(ByteBuffer.wrap(new byte[HeldMemory.UNCHARGED_BYTES])));
        assertFalse(second.add(ByteBuffer.wrap(new byte[HeldMemory.UNCHARGED_BYTES * 2])),
                "the process has only 64 KiB left");
        assertEquals(HeldMemory.UNCHARGED_BYTES, second.size(), "what it had stays");
        assertEquals(1, memory.refusals());
        first.discard();
        assertEquals(0, memory.charged());
        assertTrue(second.add(ByteBuffer.wrap(new byte[HeldMemory.UNCHARGED_BYTES * 2])));
        second.drainTo(INSPECTOR.open(Direction.REQUEST, "application/json", null));
        assertEquals(0, memory.charged(), "a drain gives it back too");
    }
}
