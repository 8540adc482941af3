package dev.sluice.standalone.spoe;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** HAProxy's side of SPOP over a real socket, for the agent's tests: frames out, frames back. */
final class SpopClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private SpopClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static SpopClient connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        s.setSoTimeout(10_000);
        return new SpopClient(s);
    }

    /** A frame as HAProxy writes it. */
    static byte[] frame(int type, int flags, long stream, long id, Consumer<SpopWriter> payload) {
        ByteBuf b = Unpooled.buffer();
        b.writeInt(0).writeByte(type).writeInt(flags);
        SpopWriter w = new SpopWriter(b);
        w.varint(stream).varint(id);
        payload.accept(w);
        b.setInt(0, b.writerIndex() - 4);
        byte[] bytes = new byte[b.readableBytes()];
        b.readBytes(bytes);
        return bytes;
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void send(int type, long stream, long id, Consumer<SpopWriter> payload) throws IOException {
        send(frame(type, Spop.FLAG_FIN, stream, id, payload));
    }

    /** HAPROXY-HELLO as HAProxy 2.6 sends it; returns the agent's answer. */
    SpopFrame hello(long maxFrameSize, boolean healthcheck) throws IOException {
        send(Spop.FRAME_HAPROXY_HELLO, 0, 0, w -> {
            w.string("supported-versions").typedString("2.0");
            w.string("max-frame-size").typedUint32(maxFrameSize);
            w.string("capabilities").typedString("pipelining,async");
            if (healthcheck) {
                w.string("healthcheck").typedBool(true);
            }
            w.string("engine-id").typedString("test-engine");
        });
        return receive();
    }

    /** The next frame, or null when the agent closed the connection. */
    SpopFrame receive() throws IOException {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException e) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return SpopFrame.read(Unpooled.wrappedBuffer(bytes));
    }

    /** True when the agent closed the connection (end of stream) within the socket timeout. */
    boolean closedByAgent() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    /** A KV-LIST payload (HELLO, DISCONNECT). */
    static Map<String, Object> kv(SpopFrame f) {
        Map<String, Object> m = new LinkedHashMap<>();
        while (f.payload().hasMore()) {
            m.put(f.payload().string(), f.payload().typed());
        }
        return m;
    }

    /** The SET-VAR actions of an ACK, by variable name. */
    static Map<String, Object> vars(SpopFrame f) {
        Map<String, Object> m = new LinkedHashMap<>();
        SpopReader p = f.payload();
        while (p.hasMore()) {
            int type = p.readByte();
            int args = p.readByte();
            if (type != Spop.ACTION_SET_VAR || args != 3 || p.readByte() != Spop.SCOPE_TRANSACTION) {
                throw new AssertionError("not a txn set-var action");
            }
            m.put(p.string(), p.typed());
        }
        return m;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
