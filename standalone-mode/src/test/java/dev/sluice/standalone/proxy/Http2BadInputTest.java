package dev.sluice.standalone.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.standalone.proxy.spi.PassThroughFilter;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invalid HTTP/2 written as raw frames on a prior-knowledge h2c connection. A connection error
 * must end in GOAWAY with its RFC 9113 error code and the connection closed; a stream error in
 * RST_STREAM with its code; the upstream (recording every byte) must get nothing.
 */
@ExtendWith(NoLeaks.class)
class Http2BadInputTest {
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int DATA = 0;
    private static final int HEADERS = 1;
    private static final int RST_STREAM = 3;
    private static final int SETTINGS = 4;
    private static final int PING = 6;
    private static final int GOAWAY = 7;
    private static final int WINDOW_UPDATE = 8;
    private static final int END_STREAM = 0x1;
    private static final int END_HEADERS = 0x4;
    private static final int PROTOCOL_ERROR = 0x1;
    private static final int FRAME_SIZE_ERROR = 0x6;
    private static final int COMPRESSION_ERROR = 0x9;
    /** HPACK static-table indexes: :method GET, :path /, :scheme http (RFC 7541 Appendix A). */
    private static final byte[] GET_ROOT = {(byte) 0x82, (byte) 0x84, (byte) 0x86, 0x41, 0x01, 'a'};

    private static RecordingUpstream upstream;
    private static SidecarProxy proxy;

    @BeforeAll
    static void start() {
        upstream = RecordingUpstream.start();
        proxy = SidecarProxy.start(ProxyTests.config(upstream.url()).build(), PassThroughFilter.INSTANCE);
    }

    @AfterAll
    static void stop() {
        proxy.close();
        upstream.close();
    }

    @BeforeEach
    void clear() {
        upstream.clear();
    }

    static Stream<Arguments> connectionErrors() {
        return Stream.of(
                Arguments.of("first frame not SETTINGS", PROTOCOL_ERROR, frame(PING, 0, 0, new byte[8])),
                Arguments.of("DATA on stream 0", PROTOCOL_ERROR, join(settings(), frame(DATA, END_STREAM, 0, new byte[4]))),
                Arguments.of("HEADERS on stream 0", PROTOCOL_ERROR,
                        join(settings(), frame(HEADERS, END_HEADERS | END_STREAM, 0, GET_ROOT))),
                Arguments.of("WINDOW_UPDATE of 0 on stream 0", PROTOCOL_ERROR,
                        join(settings(), frame(WINDOW_UPDATE, 0, 0, new byte[4]))),
                Arguments.of("SETTINGS ack with a payload", FRAME_SIZE_ERROR,
                        join(settings(), frame(SETTINGS, 0x1, 0, new byte[6]))),
                Arguments.of("frame over SETTINGS_MAX_FRAME_SIZE", FRAME_SIZE_ERROR,
                        join(settings(), frame(HEADERS, END_HEADERS, 1, GET_ROOT), frame(DATA, END_STREAM, 1, new byte[20_000]))),
                Arguments.of("HPACK index past the tables", COMPRESSION_ERROR,
                        join(settings(), frame(HEADERS, END_HEADERS | END_STREAM, 1, new byte[] {(byte) 0xBE}))),
                Arguments.of("HPACK index 0", COMPRESSION_ERROR,
                        join(settings(), frame(HEADERS, END_HEADERS | END_STREAM, 1, new byte[] {(byte) 0x80}))),
                Arguments.of("HPACK string longer than the block", COMPRESSION_ERROR,
                        join(settings(), frame(HEADERS, END_HEADERS | END_STREAM, 1, new byte[] {0x00, 0x7F, 0x10, 'x'}))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connectionErrors")
    void connectionErrorEndsInGoAwayAndClose(String shape, int errorCode, byte[] frames) throws Exception {
        Outcome o = send(join(PREFACE, frames));
        assertEquals(GOAWAY, o.type, shape + ": " + o);
        assertEquals(errorCode, o.errorCode, shape + ": " + o);
        assertTrue(o.closed, shape + ": the connection stays open");
        assertNothingForwarded(shape);
    }

    @Test
    void invalidHeaderNameResetsTheStream() throws Exception {
        // Literal field, new name "X-Up" (upper case is invalid in HTTP/2, RFC 9113 §8.2.1).
        byte[] block = join(GET_ROOT, new byte[] {0x00, 0x04, 'X', '-', 'U', 'p', 0x01, 'v'});
        Outcome o = send(join(PREFACE, settings(), frame(HEADERS, END_HEADERS | END_STREAM, 1, block)));
        assertTrue(o.type == RST_STREAM || o.type == GOAWAY, o.toString());
        assertEquals(PROTOCOL_ERROR, o.errorCode, o.toString());
        assertNothingForwarded("upper-case header name");
    }

    static Stream<Arguments> refusedHeads() {
        byte[] getHttp = {(byte) 0x82, (byte) 0x86};
        return Stream.of(
                Arguments.of("absolute form in :path", join(getHttp, literal(4, "http://internal/x"), literal(1, "a"))),
                Arguments.of("asterisk :path on GET", join(getHttp, literal(4, "*"), literal(1, "a"))),
                Arguments.of("fragment in :path", join(getHttp, literal(4, "/a#/../b"), literal(1, "a"))),
                Arguments.of("two host fields", join(getHttp, new byte[] {(byte) 0x84}, hostField("a"), hostField("internal"))),
                Arguments.of(":authority with userinfo", join(getHttp, new byte[] {(byte) 0x84}, literal(1, "u@a"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedHeads")
    void headThatRoutesCouldMisreadIsRefused(String shape, byte[] block) throws Exception {
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(join(PREFACE, settings(), frame(HEADERS, END_HEADERS | END_STREAM, 1, block)));
            DataInputStream in = new DataInputStream(s.getInputStream());
            ByteArrayOutputStream payload = new ByteArrayOutputStream();
            int[] f = readFrame(in, payload);
            while (f[2] != 1 || f[0] != HEADERS && f[0] != RST_STREAM) {
                payload.reset();
                f = readFrame(in, payload);
            }
            // A 400 is HPACK static index 12 (0x8C) as Netty writes it; a reset refuses too.
            assertTrue(f[0] == RST_STREAM || payload.toByteArray()[0] == (byte) 0x8C,
                    shape + ": frame " + f[0] + " " + java.util.HexFormat.of().formatHex(payload.toByteArray()));
        }
        assertNothingForwarded(shape);
    }

    /** A literal field without indexing whose name is static-table entry {@code index} (below 15). */
    private static byte[] literal(int index, String value) {
        return join(new byte[] {(byte) index, (byte) value.length()}, value.getBytes(StandardCharsets.US_ASCII));
    }

    /** A literal {@code host} field (static-table entry 38, past the 4-bit prefix). */
    private static byte[] hostField(String value) {
        return join(new byte[] {0x0F, 38 - 15, (byte) value.length()}, value.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void badPrefaceIsNotTakenForHttp2() throws Exception {
        // Not the HTTP/2 preface, so HTTP/1.1 reads it: "PRI * HTTP/2.0" is no request it serves.
        String answer = Http1ProxyTest.exchangeRaw(proxy, "PRI * HTTP/2.0\r\n\r\nXX\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 505 "), answer);
        assertNothingForwarded("bad preface");
    }

    @Test
    void goodRequestReachesTheUpstream() throws Exception {
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(join(PREFACE, settings(), frame(HEADERS, END_HEADERS | END_STREAM, 1, GET_ROOT)));
            DataInputStream in = new DataInputStream(s.getInputStream());
            for (int[] f = readFrame(in, null); f[0] != DATA || (f[1] & END_STREAM) == 0; f = readFrame(in, null)) {
                assertTrue(f[0] != GOAWAY && f[0] != RST_STREAM, "frame type " + f[0]);
            }
        }
        assertTrue(upstream.received().startsWith("GET / HTTP/1.1\r\n"), upstream.received());
    }

    /** What the proxy did: the first GOAWAY or RST_STREAM (type -1: none), and whether it closed. */
    private record Outcome(int type, int errorCode, boolean closed) {
    }

    private static Outcome send(byte[] bytes) throws IOException {
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            s.setSoTimeout(10_000);
            try {
                s.getOutputStream().write(bytes);
            } catch (IOException closedWhileWriting) {
                // The proxy may close before reading everything; its frames are still readable.
            }
            DataInputStream in = new DataInputStream(s.getInputStream());
            int type = -1;
            int code = -1;
            try {
                while (type < 0) {
                    ByteArrayOutputStream payload = new ByteArrayOutputStream();
                    int[] f = readFrame(in, payload);
                    if (f[0] == GOAWAY || f[0] == RST_STREAM) {
                        type = f[0];
                        byte[] p = payload.toByteArray();
                        code = ByteBuffer.wrap(p, f[0] == GOAWAY ? 4 : 0, 4).getInt();
                    }
                }
                boolean closed = type != GOAWAY || drainsToEnd(in);
                return new Outcome(type, code, closed);
            } catch (EOFException | java.net.SocketException end) {
                return new Outcome(type, code, true);
            }
        }
    }

    private static boolean drainsToEnd(DataInputStream in) throws IOException {
        try {
            while (in.read() >= 0) {
                // Frames after GOAWAY are allowed (none expected); the end of the stream is what counts.
            }
            return true;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    /** Reads one frame: {type, flags, stream}; its payload goes to {@code payload} when given. */
    private static int[] readFrame(DataInputStream in, ByteArrayOutputStream payload) throws IOException {
        int length = in.readUnsignedByte() << 16 | in.readUnsignedShort();
        int type = in.readUnsignedByte();
        int flags = in.readUnsignedByte();
        int stream = in.readInt() & 0x7FFFFFFF;
        byte[] p = in.readNBytes(length);
        if (p.length < length) {
            throw new EOFException();
        }
        if (payload != null) {
            payload.write(p);
        }
        return new int[] {type, flags, stream};
    }

    private static byte[] settings() {
        return frame(SETTINGS, 0, 0, new byte[0]);
    }

    private static byte[] frame(int type, int flags, int stream, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(9 + payload.length);
        b.put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8)).put((byte) payload.length);
        b.put((byte) type).put((byte) flags).putInt(stream).put(payload);
        return b.array();
    }

    private static byte[] join(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            all.writeBytes(p);
        }
        return all.toByteArray();
    }

    private static void assertNothingForwarded(String shape) throws InterruptedException {
        assertEquals("", upstream.receivedAfterSettling(), shape + ": the upstream received something");
    }
}
