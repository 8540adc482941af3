package dev.sluice.standalone.serve;

import dev.sluice.inspector.decode.BodyCharset;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The first bytes each never-inspected media type starts with (its "magic number"), so that a
 * request labelled as an image, a font or an archive is passed uninspected only when its bytes are
 * one, and a response so labelled too where the front end sees its bytes anyway. The client chooses a request's label: without this, an attack sent as
 * {@code Content-Type: image/png} to a service that decodes its body whatever the label (Go's
 * {@code json.NewDecoder(r.Body)}, PHP's {@code php://input}) would pass unseen. A type without a
 * known signature is inspected.
 */
final class MediaSignatures {
    /** One signature: {@code bytes} at {@code offset}. */
    private record Magic(int offset, byte[] bytes) {
        static Magic at(int offset, String latin1) {
            return new Magic(offset, latin1.getBytes(StandardCharsets.ISO_8859_1));
        }

        boolean in(ByteBuffer b) {
            if (b.remaining() < offset + bytes.length) {
                return false;
            }
            for (int i = 0; i < bytes.length; i++) {
                if (b.get(b.position() + offset + i) != bytes[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final List<Magic> MP4 = List.of(Magic.at(4, "ftyp"));
    private static final List<Magic> MATROSKA = List.of(Magic.at(0, "\u001a\u0045\u00df\u00a3"));
    private static final List<Magic> OGG = List.of(Magic.at(0, "OggS"));
    private static final List<Magic> TRUETYPE = List.of(Magic.at(0, "\u0000\u0001\u0000\u0000"), Magic.at(0, "true"),
            Magic.at(0, "OTTO"));
    private static final List<Magic> WOFF = List.of(Magic.at(0, "wOFF"));
    private static final List<Magic> WOFF2 = List.of(Magic.at(0, "wOF2"));
    private static final List<Magic> GZIP = List.of(Magic.at(0, "\u001f\u008b"));
    private static final Map<String, List<Magic>> BY_TYPE = Map.ofEntries(
            Map.entry("image/png", List.of(Magic.at(0, "\u0089PNG\r\n\u001a\n"))),
            Map.entry("image/jpeg", List.of(Magic.at(0, "\u00ff\u00d8\u00ff"))),
            Map.entry("image/pjpeg", List.of(Magic.at(0, "\u00ff\u00d8\u00ff"))),
            Map.entry("image/gif", List.of(Magic.at(0, "GIF87a"), Magic.at(0, "GIF89a"))),
            Map.entry("image/webp", List.of(Magic.at(8, "WEBP"))),
            Map.entry("image/bmp", List.of(Magic.at(0, "BM"))),
            Map.entry("image/tiff", List.of(Magic.at(0, "II*\u0000"), Magic.at(0, "MM\u0000*"))),
            Map.entry("image/x-icon", List.of(Magic.at(0, "\u0000\u0000\u0001\u0000"))),
            Map.entry("image/vnd.microsoft.icon", List.of(Magic.at(0, "\u0000\u0000\u0001\u0000"))),
            Map.entry("image/avif", MP4), Map.entry("image/heic", MP4), Map.entry("image/heif", MP4),
            Map.entry("audio/mpeg", List.of(Magic.at(0, "ID3"), Magic.at(0, "\u00ff\u00fb"), Magic.at(0, "\u00ff\u00f3"),
                    Magic.at(0, "\u00ff\u00f2"))),
            Map.entry("audio/ogg", OGG), Map.entry("video/ogg", OGG),
            Map.entry("audio/wav", List.of(Magic.at(8, "WAVE"))), Map.entry("audio/x-wav", List.of(Magic.at(8, "WAVE"))),
            Map.entry("audio/flac", List.of(Magic.at(0, "fLaC"))),
            Map.entry("audio/mp4", MP4), Map.entry("video/mp4", MP4), Map.entry("video/quicktime", MP4),
            Map.entry("audio/webm", MATROSKA), Map.entry("video/webm", MATROSKA), Map.entry("video/x-matroska", MATROSKA),
            Map.entry("font/ttf", TRUETYPE), Map.entry("font/otf", TRUETYPE), Map.entry("font/sfnt", TRUETYPE),
            Map.entry("application/font-sfnt", TRUETYPE), Map.entry("application/x-font-ttf", TRUETYPE),
            Map.entry("application/x-font-otf", TRUETYPE),
            Map.entry("font/woff", WOFF), Map.entry("application/font-woff", WOFF),
            Map.entry("application/x-font-woff", WOFF),
            Map.entry("font/woff2", WOFF2), Map.entry("application/font-woff2", WOFF2),
            Map.entry("application/zip", List.of(Magic.at(0, "PK\u0003\u0004"), Magic.at(0, "PK\u0005\u0006"))),
            Map.entry("application/gzip", GZIP), Map.entry("application/x-gzip", GZIP),
            Map.entry("application/x-7z-compressed", List.of(Magic.at(0, "7z\u00bc\u00af\u0027\u001c"))),
            Map.entry("application/x-rar-compressed", List.of(Magic.at(0, "Rar!\u001a\u0007"))),
            Map.entry("application/x-bzip2", List.of(Magic.at(0, "BZh"))));

    private MediaSignatures() {
    }

    /** Whether a signature of {@code contentType} is known (a type without one is inspected when a client sends it). */
    static boolean knows(String contentType) {
        return BY_TYPE.containsKey(UninspectedMediaTypes.essence(contentType));
    }

    /** Whether {@code first} (a body's first bytes, at least the signature's length) starts as {@code contentType} says. */
    static boolean carries(String contentType, ByteBuffer first) {
        List<Magic> magics = BY_TYPE.get(UninspectedMediaTypes.essence(contentType));
        if (magics == null) {
            return false;
        }
        for (Magic m : magics) {
            if (m.in(first)) {
                return true;
            }
        }
        return false;
    }

    /** Bytes of a first chunk {@link #looksLikeText} reads. */
    static final int TEXT_PROBE = 512;

    /**
     * Whether a body's first bytes (up to {@value #TEXT_PROBE}) are text: no control byte but tab,
     * line feed, form feed and carriage return. Compressed media (PNG's IDAT, JPEG scans, an MP4's
     * {@code mdat}) holds dozens of them in as many bytes; a config file, a JSON or CSV export none.
     * Text in UTF-16 (a byte order mark, or a zero byte in every other place from the start, as
     * Windows tools write it) is read by its code units: a zero byte there is half a character.
     */
    static boolean looksLikeText(ByteBuffer first) {
        int start = first.position();
        int end = Math.min(first.limit(), start + TEXT_PROBE);
        if (end <= start) {
            return false;
        }
        int lane = utf16Lane(first, start, end);
        if (lane >= 0) {
            // lane: where in each unit its high byte sits. A mark's unit has no zero high byte.
            for (int i = start; i + 1 < end; i += 2) {
                if (first.get(i + lane) == 0 && control(first.get(i + 1 - lane) & 0xff)) {
                    return false;
                }
            }
            return true;
        }
        for (int i = start; i < end; i++) {
            if (control(first.get(i) & 0xff)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Where UTF-16 units of the bytes from {@code start} keep their high byte: 0 big-endian, 1
     * little-endian, -1 when they are not UTF-16 as an unlabelled body is read
     * ({@link BodyCharset#unlabelled}: a byte order mark, or the zero bytes of the first character).
     */
    private static int utf16Lane(ByteBuffer b, int start, int end) {
        byte[] head = new byte[Math.min(BodyCharset.SNIFF, end - start)];
        b.get(start, head);
        Charset c = BodyCharset.unlabelled(head, 0, head.length);
        return StandardCharsets.UTF_16BE.equals(c) ? 0 : StandardCharsets.UTF_16LE.equals(c) ? 1 : -1;
    }

    private static boolean control(int b) {
        return b < 0x20 && b != '\t' && b != '\n' && b != '\f' && b != '\r' || b == 0x7f;
    }

    /**
     * The type to read a body that is not what its label says as: JSON when it opens (after white
     * space) with {@code {} or {@code [}, text otherwise (text inspection also reads form and
     * percent-encoded values).
     */
    static String sniff(ByteBuffer chunk) {
        for (int i = chunk.position(); i < chunk.limit(); i++) {
            byte b = chunk.get(i);
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return b == '{' || b == '[' ? "application/json" : "text/plain";
            }
        }
        return "text/plain";
    }
}
