package dev.sluice.standalone.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/2 with prior knowledge written byte by byte (RFC 9113 frames, RFC 7541 HPACK literals
 * without Huffman coding or indexing), for tests that must send what no client library would: a
 * conversation is built whole, then broken, then written to a raw socket.
 */
final class RawHttp2 {
    /** Frame types (RFC 9113 §6). */
    static final int DATA = 0;
    static final int HEADERS = 1;
    static final int RST_STREAM = 3;
    static final int SETTINGS = 4;
    static final int GOAWAY = 7;
    /** Flags: END_STREAM on DATA and HEADERS, END_HEADERS on HEADERS. */
    static final int END_STREAM = 0x1;
    static final int END_HEADERS = 0x4;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A server's side: an empty SETTINGS frame first, as RFC 9113 §3.4 asks. */
    static RawHttp2 serverSide() {
        return new RawHttp2().frame(SETTINGS, 0, 0, new byte[0]);
    }

    /** A conversation that opens with the client preface and an empty SETTINGS frame. */
    static RawHttp2 conversation() {
        RawHttp2 c = new RawHttp2();
        c.out.writeBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return c.frame(SETTINGS, 0, 0, new byte[0]);
    }

    RawHttp2 frame(int type, int flags, int stream, byte[] payload) {
        out.write(payload.length >>> 16);
        out.write(payload.length >>> 8);
        out.write(payload.length);
        out.write(type);
        out.write(flags);
        out.writeBytes(new byte[] {(byte) (stream >>> 24), (byte) (stream >>> 16), (byte) (stream >>> 8), (byte) stream});
        out.writeBytes(payload);
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /** A header block: {@code :scheme http}, {@code :authority x}, then the fields given. */
    static byte[] headerBlock(boolean post, String path, byte[]... more) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(post ? 0x83 : 0x82); // :method POST / GET (static 3 / 2)
        b.write(0x86); // :scheme http (static 6)
        b.writeBytes(literal(4, path)); // :path
        b.writeBytes(literal(1, "x")); // :authority
        for (byte[] m : more) {
            b.writeBytes(m);
        }
        return b.toByteArray();
    }

    /** {@code content-type} (static 31; 31 needs the 4-bit prefix 15 and one more byte, 16). */
    static byte[] contentType(String value) {
        return concat(new byte[] {0x0f, 0x10, (byte) value.length()}, value.getBytes(StandardCharsets.US_ASCII));
    }

    /** A literal field with a new name (RFC 7541 §6.2.2, name index 0). */
    static byte[] field(String name, String value) {
        return concat(new byte[] {0}, length(name.length()), name.getBytes(StandardCharsets.US_ASCII),
                length(value.length()), value.getBytes(StandardCharsets.US_ASCII));
    }

    /** A string literal's length, not Huffman-coded: an HPACK integer with a 7-bit prefix (RFC 7541 §5.1). */
    private static byte[] length(int n) {
        if (n < 127) {
            return new byte[] {(byte) n};
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(127);
        int rest = n - 127;
        while (rest >= 128) {
            b.write(rest % 128 + 128);
            rest /= 128;
        }
        b.write(rest);
        return b.toByteArray();
    }

    /** A literal whose name is static-table entry {@code index} (below 15). */
    private static byte[] literal(int index, String value) {
        return concat(new byte[] {(byte) index, (byte) value.length()}, value.getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    /**
     * Reads frames from {@code in} until stream {@code stream} ends (END_STREAM on its HEADERS or
     * DATA, or RST_STREAM), the connection ends (GOAWAY, or the end of the input) or the socket's
     * read timeout passes; returns the stream's DATA payloads, or null on a timeout.
     */
    static byte[] readStream(InputStream in, int stream) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        try {
            while (true) {
                byte[] head = in.readNBytes(9);
                if (head.length < 9) {
                    return data.toByteArray();
                }
                int length = (head[0] & 0xff) << 16 | (head[1] & 0xff) << 8 | head[2] & 0xff;
                int type = head[3];
                int flags = head[4];
                int id = (head[5] & 0x7f) << 24 | (head[6] & 0xff) << 16 | (head[7] & 0xff) << 8 | head[8] & 0xff;
                byte[] payload = in.readNBytes(length);
                if (type == GOAWAY) {
                    return data.toByteArray();
                }
                if (id != stream) {
                    continue;
                }
                if (type == DATA) {
                    data.writeBytes(payload);
                }
                if (type == RST_STREAM || (type == DATA || type == HEADERS) && (flags & END_STREAM) != 0) {
                    return data.toByteArray();
                }
            }
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    /**
     * Writes {@code bytes} to {@code port}, reads for up to {@code readMillis}, then drops the
     * connection as an impatient client does; a reset or an early close from the server is fine.
     */
    static void sendAndDrop(int port, byte[] bytes, int readMillis) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(readMillis);
            s.getOutputStream().write(bytes);
            s.getInputStream().readNBytes(1 << 16);
        } catch (SocketTimeoutException e) {
            // the server waits for more: the client goes
        } catch (IOException e) {
            // reset or closed by the server
        }
    }
}
