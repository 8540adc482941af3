package dev.sluice.standalone.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtension;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/**
 * The proxy answers every client {@code server_no_context_takeover}, so each message it sends
 * must inflate from an empty window. A message ending in an empty continuation frame left Netty's
 * encoder holding its window; behind {@link DeflateContextReset} the next message still inflates
 * on its own.
 */
class DeflateContextResetTest {
    private static final String TEXT = "{\"note\":\"the same words again and again\"}";

    private static WebSocketExtension clientSide() {
        WebSocketDeflate d = WebSocketDeflate.offeredIn(new DefaultHttpHeaders()
                .add(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS, "permessage-deflate; client_max_window_bits"), 1 << 20);
        d.agreeWithClient();
        return d.agreed(true);
    }

    /** Writes TEXT as a first frame and an empty final continuation, then TEXT whole; returns each message's payload. */
    private static byte[][] twoMessages(boolean guarded) {
        WebSocketExtension ext = clientSide();
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.pipeline().addLast("deflater", ext.newExtensionEncoder());
        if (guarded) {
            ch.pipeline().addLast(new DeflateContextReset(ext, "deflater"));
        }
        ch.writeOutbound(new TextWebSocketFrame(false, 0, utf8(TEXT)),
                new ContinuationWebSocketFrame(true, 0, Unpooled.EMPTY_BUFFER), new TextWebSocketFrame(utf8(TEXT)));
        WebSocketFrame start = ch.readOutbound();
        WebSocketFrame end = ch.readOutbound();
        WebSocketFrame whole = ch.readOutbound();
        byte[] first = concat(start, end);
        byte[] second = concat(whole);
        ch.finishAndReleaseAll();
        return new byte[][] {first, second};
    }

    @Test
    void aMessageAfterOneEndingInAnEmptyFrameInflatesFromAnEmptyWindow() throws DataFormatException {
        byte[][] messages = twoMessages(true);
        assertEquals(TEXT, inflateAlone(messages[0]));
        assertEquals(TEXT, inflateAlone(messages[1]));
    }

    /** Without it, the second message refers back to the first: what this guards against. */
    @Test
    void withoutItTheSecondMessageNeedsTheFirstsWindow() throws DataFormatException {
        byte[][] messages = twoMessages(false);
        assertEquals(TEXT, inflateAlone(messages[0]));
        assertThrows(DataFormatException.class, () -> inflateAlone(messages[1]));
    }

    private static ByteBuf utf8(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    private static byte[] concat(WebSocketFrame... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (WebSocketFrame f : frames) {
            byte[] b = new byte[f.content().readableBytes()];
            f.content().readBytes(b);
            out.writeBytes(b);
            f.release();
        }
        return out.toByteArray();
    }

    /** One message's payload inflated by a fresh inflater, the 4-byte tail put back (RFC 7692 §7.2.2). */
    private static String inflateAlone(byte[] payload) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        try {
            byte[] input = java.util.Arrays.copyOf(payload, payload.length + 4);
            input[payload.length + 2] = (byte) 0xff;
            input[payload.length + 3] = (byte) 0xff;
            inflater.setInput(input);
            byte[] buf = new byte[1024];
            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            while (!inflater.needsInput()) {
                int n = inflater.inflate(buf);
                plain.write(buf, 0, n);
            }
            return plain.toString(StandardCharsets.UTF_8);
        } finally {
            inflater.end();
        }
    }
}
