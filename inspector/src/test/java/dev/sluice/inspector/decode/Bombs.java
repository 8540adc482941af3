package dev.sluice.inspector.decode;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.BrotliOutputStream;
import com.aayushatharva.brotli4j.encoder.Encoder;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Decompression bombs: long runs of zeros compressed by streaming encoders, so the test never
 * holds the decoded size in memory. Built once per JVM.
 */
final class Bombs {
    static final long GZIP_DECODED = 1L << 30;
    static final long DEFLATE_DECODED = 256L << 20;
    static final long BROTLI_DECODED = 512L << 20;
    static final long ZSTD_DECODED = 512L << 20;

    private Bombs() {
    }

    static byte[] of(String coding) {
        return switch (coding) {
            case "gzip" -> Gzip.BOMB;
            case "deflate-zlib" -> Zlib.BOMB;
            case "deflate-raw" -> Raw.BOMB;
            case "br" -> Brotli.BOMB;
            case "zstd" -> Zstandard.BOMB;
            default -> throw new IllegalArgumentException(coding);
        };
    }

    private static final class Gzip {
        static final byte[] BOMB = zeros(GZIP_DECODED, out -> new GZIPOutputStream(out, 1 << 16));
    }

    private static final class Zlib {
        static final byte[] BOMB = zeros(DEFLATE_DECODED,
                out -> new DeflaterOutputStream(out, new Deflater(Deflater.BEST_COMPRESSION, false), 1 << 16));
    }

    private static final class Raw {
        static final byte[] BOMB = zeros(DEFLATE_DECODED,
                out -> new DeflaterOutputStream(out, new Deflater(Deflater.BEST_COMPRESSION, true), 1 << 16));
    }

    private static final class Brotli {
        static final byte[] BOMB = zeros(BROTLI_DECODED, out -> {
            Brotli4jLoader.ensureAvailability();
            return new BrotliOutputStream(out, new Encoder.Parameters().setQuality(5));
        });
    }

    private static final class Zstandard {
        static final byte[] BOMB = zeros(ZSTD_DECODED, out -> new ZstdOutputStream(out, 3));
    }

    private interface StreamFactory {
        OutputStream open(OutputStream out) throws IOException;
    }

    private static byte[] zeros(long total, StreamFactory factory) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] zeros = new byte[1 << 20];
        try (OutputStream enc = factory.open(out)) {
            for (long left = total; left > 0; left -= zeros.length) {
                enc.write(zeros, 0, (int) Math.min(zeros.length, left));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
