package dev.sluice.inspector.decode;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.Encoder;
import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** Test encoders (JDK, brotli4j, zstd-jni) and payloads. */
public final class Encodings {
    private Encodings() {
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** RFC 1950 zlib format, what RFC 9110 calls deflate. */
    public static byte[] zlib(byte[] data) {
        return deflate(data, false);
    }

    /** RFC 1951 raw DEFLATE, what many servers send as deflate. */
    public static byte[] rawDeflate(byte[] data) {
        return deflate(data, true);
    }

    private static byte[] deflate(byte[] data, boolean nowrap) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, nowrap);
        try {
            d.setInput(data);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!d.finished()) {
                out.write(buf, 0, d.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    public static byte[] brotli(byte[] data) {
        return brotli(data, Encoder.Parameters.DEFAULT);
    }

    static byte[] brotli(byte[] data, Encoder.Parameters parameters) {
        Brotli4jLoader.ensureAvailability();
        try {
            return Encoder.compress(data, parameters);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] zstd(byte[] data) {
        return Zstd.compress(data);
    }

    /** A gRPC length-prefixed frame: the flag byte (0, 1 compressed, 0x80 grpc-web trailers), the big-endian length, the payload. */
    public static byte[] grpcFrame(int flag, byte[] payload) {
        byte[] f = new byte[5 + payload.length];
        f[0] = (byte) flag;
        f[1] = (byte) (payload.length >>> 24);
        f[2] = (byte) (payload.length >>> 16);
        f[3] = (byte) (payload.length >>> 8);
        f[4] = (byte) payload.length;
        System.arraycopy(payload, 0, f, 5, payload.length);
        return f;
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** JSON-ish text with repetition, as API bodies have. */
    static byte[] text(int n, long seed) {
        Random r = new Random(seed);
        String[] words = {"\"id\":", "\"name\":", "\"email\":", "alice", "bob@example.com", "4111 1111 1111 1111",
            "{", "}", ",", "[", "]", " ", "\n", "\"token\":\"eyJhbGciOi\"", "true", "null", "12345"};
        StringBuilder b = new StringBuilder(n + 32);
        while (b.length() < n) {
            b.append(words[r.nextInt(words.length)]);
        }
        return b.substring(0, n).getBytes(StandardCharsets.UTF_8);
    }
}
