package dev.sluice.standalone.spoe;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.function.Consumer;

/**
 * One SPOP frame without its 4-byte length: type, flags, stream and frame ids, and the payload
 * (a view into the received bytes, valid while the frame is being handled). Also builds the
 * frames the agent sends, length prefix included.
 */
record SpopFrame(int type, int flags, long streamId, long frameId, SpopReader payload) {

    /** Reads the head of a frame whose length prefix was already taken off. */
    static SpopFrame read(ByteBuf frame) {
        SpopReader r = new SpopReader(frame);
        int type = r.readByte();
        if (frame.readableBytes() < 4) {
            throw SpopReader.invalid("frame shorter than its metadata");
        }
        int flags = frame.readInt();
        long stream = r.varint();
        long id = r.varint();
        return new SpopFrame(type, flags, stream, id, r);
    }

    boolean fin() {
        return (flags & Spop.FLAG_FIN) != 0;
    }

    /**
     * A frame the agent sends: its length, {@code type}, the FIN flag, the ids, and the payload
     * {@code body} writes.
     */
    static ByteBuf build(ByteBufAllocator alloc, int type, long streamId, long frameId, Consumer<SpopWriter> body) {
        ByteBuf out = alloc.buffer(128);
        out.writeInt(0);
        out.writeByte(type);
        out.writeInt(Spop.FLAG_FIN);
        SpopWriter w = new SpopWriter(out);
        w.varint(streamId).varint(frameId);
        body.accept(w);
        out.setInt(0, out.writerIndex() - 4);
        return out;
    }

    static ByteBuf agentHello(ByteBufAllocator alloc, int maxFrameSize, String capabilities) {
        return build(alloc, Spop.FRAME_AGENT_HELLO, 0, 0, w -> {
            w.string("version").typedString(Spop.VERSION);
            w.string("max-frame-size").typedUint32(maxFrameSize);
            w.string("capabilities").typedString(capabilities);
        });
    }

    static ByteBuf agentDisconnect(ByteBufAllocator alloc, int status, String message) {
        return build(alloc, Spop.FRAME_AGENT_DISCONNECT, 0, 0, w -> {
            w.string("status-code").typedUint32(status);
            w.string("message").typedString(message);
        });
    }
}
