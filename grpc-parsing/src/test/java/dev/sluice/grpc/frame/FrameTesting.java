package dev.sluice.grpc.frame;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** Builds gRPC bodies and records what a decoder makes of them (test helpers). */
public final class FrameTesting {
    private FrameTesting() {
    }

    public static byte[] frame(int flag, byte[] payload) {
        byte[] out = new byte[5 + payload.length];
        out[0] = (byte) flag;
        out[1] = (byte) (payload.length >>> 24);
        out[2] = (byte) (payload.length >>> 16);
        out[3] = (byte) (payload.length >>> 8);
        out[4] = (byte) payload.length;
        System.arraycopy(payload, 0, out, 5, payload.length);
        return out;
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    public static byte[] gzip(byte[] data) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(data);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** zlib (RFC 1950) when {@code zlibWrapper}, else raw DEFLATE. */
    public static byte[] deflate(byte[] data, boolean zlibWrapper) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, !zlibWrapper);
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    /** Something fed body chunks. */
    public interface ChunkSink {
        void write(byte[] buf, int off, int len);
    }

    /** Feeds {@code body} to {@code decoder} cut at {@code cuts} (increasing offsets), then ends. */
    public static void feed(GrpcFrameDecoder decoder, byte[] body, int... cuts) {
        feed(decoder::write, decoder::end, body, cuts);
    }

    /** Feeds {@code body} cut at {@code cuts} (increasing offsets; others ignored), then runs {@code end}. */
    public static void feed(ChunkSink sink, Runnable end, byte[] body, int... cuts) {
        int at = 0;
        for (int cut : cuts) {
            if (cut > at && cut < body.length) {
                sink.write(body, at, cut - at);
                at = cut;
            }
        }
        sink.write(body, at, body.length - at);
        end.run();
    }

    public static int[] everyByte(int length) {
        int[] cuts = new int[length];
        for (int i = 0; i < length; i++) {
            cuts[i] = i;
        }
        return cuts;
    }

    /** Records frame events, copying every borrowed buffer. */
    public static final class Recorder implements FrameListener {
        public final List<byte[]> payloads = new ArrayList<>();
        public final List<GrpcMessage> messages = new ArrayList<>();
        public final List<String> errors = new ArrayList<>();
        public final ByteArrayOutputStream uninspected = new ByteArrayOutputStream();
        public final List<Long> uninspectedOffsets = new ArrayList<>();
        public final List<GrpcTrailers> trailers = new ArrayList<>();
        private long nextUninspected = -1;

        @Override
        public void message(byte[] buf, int off, int len, GrpcMessage message) {
            payloads.add(Arrays.copyOfRange(buf, off, off + len));
            messages.add(message);
        }

        @Override
        public void error(FrameError error, long bodyOffset) {
            errors.add(error + "@" + bodyOffset);
        }

        @Override
        public void uninspected(byte[] buf, int off, int len, long bodyOffset) {
            if (bodyOffset != nextUninspected) {
                uninspectedOffsets.add(bodyOffset); // start of a new run
            }
            nextUninspected = bodyOffset + len;
            uninspected.write(buf, off, len);
        }

        @Override
        public void trailers(GrpcTrailers t, long bodyOffset) {
            trailers.add(t);
        }
    }
}
