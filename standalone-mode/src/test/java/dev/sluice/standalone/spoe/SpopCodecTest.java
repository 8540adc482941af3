package dev.sluice.standalone.spoe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.inspector.head.HeadRedactor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpopCodecTest {

    private static byte[] varint(long v) {
        ByteBuf b = Unpooled.buffer();
        new SpopWriter(b).varint(v);
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        return out;
    }

    private static SpopReader reader(byte[] bytes) {
        return new SpopReader(Unpooled.wrappedBuffer(bytes));
    }

    /** The sizes of SPOE.txt's table (3.1) at each boundary, and encodings worked out from its rule. */
    @ParameterizedTest
    @CsvSource({"0,00", "239,ef", "240,f000", "2287,ff7f", "2288,f08000", "264431,ffff7f", "264432,f0808000",
            "33818863,ffffff7f", "33818864,f080808000"})
    void varintsHaveSpoeTxtsSizes(long value, String hex) {
        assertEquals(hex, HexFormat.of().formatHex(varint(value)));
        assertEquals(value, reader(HexFormat.of().parseHex(hex)).varint());
    }

    @RepeatedTest(200)
    void varintsRoundTrip(org.junit.jupiter.api.RepetitionInfo rep) {
        Random random = new Random(7919L * rep.getCurrentRepetition());
        long v = switch (rep.getCurrentRepetition() % 4) {
            case 0 -> random.nextLong();
            case 1 -> random.nextInt(1 << 20);
            case 2 -> -1L - random.nextInt(100);
            default -> random.nextLong() >>> random.nextInt(64);
        };
        SpopReader r = reader(varint(v));
        assertEquals(v, r.varint());
        assertFalse(r.hasMore());
    }

    @Test
    void typedValuesReadAsJavaValues() throws Exception {
        ByteBuf b = Unpooled.buffer();
        SpopWriter w = new SpopWriter(b);
        w.typedString("GET").typedBinary(new byte[] {0, 1, 2}).typedUint32(403).typedBool(true).typedBool(false);
        b.writeByte(Spop.TYPE_NULL);
        b.writeByte(Spop.TYPE_IPV4).writeBytes(new byte[] {10, 1, 2, 3});
        b.writeByte(Spop.TYPE_INT64);
        w.varint(-5L);
        SpopReader r = new SpopReader(b);
        assertEquals("GET", r.typed());
        assertArrayEquals(new byte[] {0, 1, 2}, (byte[]) r.typed());
        assertEquals(403L, r.typed());
        assertEquals(true, r.typed());
        assertEquals(false, r.typed());
        assertNull(r.typed());
        assertEquals(InetAddress.getByName("10.1.2.3"), r.typed());
        assertEquals(-5L, r.typed());
        assertFalse(r.hasMore());
    }

    /** Malformed input is an invalid frame (SPOP status 4), never an exception of another kind or a big allocation. */
    @ParameterizedTest
    @ValueSource(strings = {"", "02f0", "02f080", "02ffffffffffffffffffffff", "ffffffffffffffffffffff", "08", "0805616263", "89f0ffffff7f00", "0a",
            "0601020", "07000000"})
    void malformedValuesAreInvalidFrames(String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex.length() % 2 == 0 ? hex : hex + "0");
        SpopException e = assertThrows(SpopException.class, () -> reader(bytes).typed());
        assertEquals(Spop.STATUS_INVALID_FRAME, e.status());
    }

    @Test
    void framesCarryTheirLengthTypeFlagsAndIds() {
        ByteBuf out = SpopFrame.build(ByteBufAllocator.DEFAULT, Spop.FRAME_ACK, 300, 7,
                w -> w.setTxnVar("action").typedString("block"));
        assertEquals(out.readableBytes() - 4, out.readInt());
        SpopFrame f = SpopFrame.read(out);
        assertEquals(Spop.FRAME_ACK, f.type());
        assertTrue(f.fin());
        assertEquals(300, f.streamId());
        assertEquals(7, f.frameId());
        SpopReader p = f.payload();
        assertEquals(Spop.ACTION_SET_VAR, p.readByte());
        assertEquals(3, p.readByte());
        assertEquals(Spop.SCOPE_TRANSACTION, p.readByte());
        assertEquals("action", p.string());
        assertEquals("block", p.typed());
        out.release();
    }

    @Test
    void notifyMessagesReadWithTheirArguments() {
        ByteBuf b = Unpooled.buffer();
        SpopWriter w = new SpopWriter(b);
        w.string("sluice-request");
        b.writeByte(2);
        w.string("method").typedString("POST").string("body").typedBinary("{}".getBytes());
        w.string("other");
        b.writeByte(0);
        List<SpoeMessage> ms = SpoeMessage.readAll(new SpopReader(b));
        assertEquals(2, ms.size());
        assertEquals("POST", ms.get(0).string("method", null));
        assertEquals("{}", ms.get(0).string("body", null));
        assertEquals(-1, ms.get(0).integer("status", -1));
        assertEquals("other", ms.get(1).name());
    }

    @Test
    void headersOfHdrsBinByLowerCaseNameFirstValueWins() {
        ByteBuf b = Unpooled.buffer();
        SpopWriter w = new SpopWriter(b);
        w.string("Content-Type").string("application/json").string("X-A").string("1").string("x-a").string("2");
        w.string("").string("");
        w.string("after-end").string("ignored");
        byte[] bytes = new byte[b.readableBytes()];
        b.readBytes(bytes);
        HaproxyHeaders h = HaproxyHeaders.parse(bytes);
        assertEquals("application/json", h.first("content-type"));
        assertEquals("1", h.first("x-a"));
        assertNull(h.first("after-end"));
        assertEquals(2, h.size());
    }

    @Test
    void headerListsAreBounded() {
        ByteBuf b = Unpooled.buffer();
        SpopWriter w = new SpopWriter(b);
        for (int i = 0; i < HaproxyHeaders.MAX_HEADERS + 100; i++) {
            w.string("h" + i).string("v");
        }
        byte[] bytes = new byte[b.readableBytes()];
        b.readBytes(bytes);
        assertEquals(HaproxyHeaders.MAX_HEADERS, HaproxyHeaders.parse(bytes).size());
        assertThrows(SpopException.class, () -> HaproxyHeaders.parse(new byte[] {5, 'a'}));
    }

    @Test
    void onlyANulByteKeepsABodyFromHaproxysAnswer() {
        assertFalse(ReturnableBody.holdsNul("line one\r\nline two\t\u0001\u007f".getBytes()));
        assertFalse(ReturnableBody.holdsNul(new byte[] {(byte) 0x80, (byte) 0xff}));
        assertTrue(ReturnableBody.holdsNul("card\u0000end".getBytes()));
    }

    /** The lines sluice.lua reads: each value of a rewritten name in order; a name whose fields all go, alone. */
    @Test
    void headerListsNameEachFieldOnItsOwnLine() {
        byte[] rewritten = HeaderList.of(List.of(
                new HeadRedactor.Rewritten("set-cookie", List.of("a=****", "theme=dark")),
                new HeadRedactor.Rewritten("grpc-debug-bin", List.of())));
        assertEquals("set-cookie: a=****\r\nset-cookie: theme=dark\r\ngrpc-debug-bin\r\n",
                new String(rewritten, StandardCharsets.UTF_8));
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("Retry-After", "120");
        answer.put("X-Reference", "ev-1");
        assertEquals("Retry-After: 120\r\nX-Reference: ev-1\r\n",
                new String(HeaderList.of(answer), StandardCharsets.UTF_8));
        assertEquals(0, HeaderList.of(List.<HeadRedactor.Rewritten>of()).length);
    }

    @Test
    void versionTwoIsRequired() {
        assertTrue(SpopConnection.supportsVersion2("2.0"));
        assertTrue(SpopConnection.supportsVersion2("1.5, 2.0"));
        assertFalse(SpopConnection.supportsVersion2("1.0"));
        assertFalse(SpopConnection.supportsVersion2("20.0"));
    }
}
