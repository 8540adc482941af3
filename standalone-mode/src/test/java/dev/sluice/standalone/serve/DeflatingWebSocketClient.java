package dev.sluice.standalone.serve;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A WebSocket client over a plain socket that speaks {@code permessage-deflate} (RFC 7692) with
 * the JDK's zlib, so a test sees the wire: whether a frame came compressed (RSV1), and can send
 * frames no ordinary client sends (a deflate bomb, a corrupt stream). It compresses with context
 * takeover and inflates with one window for the connection, which is right whatever the server
 * agreed about its own context. Blocking, one thread, 10 s read timeout.
 */
final class DeflatingWebSocketClient implements AutoCloseable {
    static final int TEXT = 1;
    static final int CLOSE = 8;
    private static final int PING = 9;
    private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};

    /** A whole message as read: its opcode, its content (inflated), whether it came compressed. */
    record Message(int opcode, byte[] payload, boolean compressed) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** A close frame's status code. */
        int closeStatus() {
            return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }

        String closeReason() {
            return new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final Inflater inflater = new Inflater(true);
    final int status;
    final Map<String, String> headers = new HashMap<>();
    /**
     * The server answered {@code server_no_context_takeover}: each of its messages is inflated
     * from an empty window, as a browser does, so one that refers to an earlier message fails.
     */
    private final boolean serverNoContext;

    /** Opens {@code path} on {@code port}, offering {@code extensions} (null: none). */
    DeflatingWebSocketClient(int port, String path, String extensions) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + (extensions == null ? "" : "Sec-WebSocket-Extensions: " + extensions + "\r\n") + "\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String[] lines = readHead().split("\r\n");
        status = Integer.parseInt(lines[0].split(" ")[1]);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        serverNoContext = headers.getOrDefault("sec-websocket-extensions", "").contains("server_no_context_takeover");
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.readUnsignedByte();
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII).trim();
    }

    /** Sends a text message, deflated (RSV1) when {@code compress}. */
    void sendText(String text, boolean compress) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        sendFrame(true, compress, TEXT, compress ? deflate(bytes) : bytes);
    }

    /** Deflates with context takeover (this client's deflater keeps its window). */
    private byte[] deflate(byte[] bytes) {
        return deflate(deflater, bytes);
    }

    /** {@code bytes} as one message's payload: sync-flushed, without the flush's 4-byte tail (§7.2.1). */
    static byte[] deflate(Deflater deflater, byte[] bytes) {
        deflater.setInput(bytes);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        do {
            n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            compressed.write(buf, 0, n);
        } while (n == buf.length);
        byte[] all = compressed.toByteArray();
        return Arrays.copyOf(all, all.length - TAIL.length);
    }

    /** Sends one masked frame as given. */
    void sendFrame(boolean fin, boolean rsv1, int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift));
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask, 0, 4);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** The next data or close message; pings and pongs are skipped. */
    Message next() throws IOException {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        int opcode = -1;
        boolean compressed = false;
        while (true) {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            long length = b1 & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[Math.toIntExact(length)];
            in.readFully(payload);
            int frameOpcode = b0 & 0x0f;
            if (frameOpcode == CLOSE) {
                return new Message(CLOSE, payload, false);
            }
            if (frameOpcode >= PING) {
                continue;
            }
            if (frameOpcode != 0) {
                opcode = frameOpcode;
                compressed = (b0 & 0x40) != 0;
            }
            content.write(payload);
            if ((b0 & 0x80) != 0) {
                byte[] whole = content.toByteArray();
                return new Message(opcode, compressed ? inflate(whole) : whole, compressed);
            }
        }
    }

    private byte[] inflate(byte[] compressed) throws IOException {
        if (serverNoContext) {
            inflater.reset();
        }
        byte[] input = Arrays.copyOf(compressed, compressed.length + TAIL.length);
        System.arraycopy(TAIL, 0, input, compressed.length, TAIL.length);
        inflater.setInput(input);
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            while (!inflater.needsInput()) {
                int n = inflater.inflate(buf);
                plain.write(buf, 0, n);
            }
        } catch (DataFormatException e) {
            throw new IOException("server sent a corrupt deflate stream", e);
        }
        return plain.toByteArray();
    }

    @Override
    public void close() throws IOException {
        deflater.end();
        inflater.end();
        socket.close();
    }
}
