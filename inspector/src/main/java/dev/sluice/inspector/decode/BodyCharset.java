package dev.sluice.inspector.decode;

import dev.sluice.inspector.ByteSink;
import dev.sluice.inspector.MediaKind;
import dev.sluice.inspector.MediaTypeParameter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The charset a textual body is written in, when it is not one whose ASCII bytes are ASCII:
 * UTF-16 and UTF-32 (a .NET or Windows service's XML, an Excel "Unicode text" export, JSON as RFC
 * 7159 allowed it) and EBCDIC code pages. Read as sent, such a body holds no ASCII digit or
 * {@code @} the matchers and parsers could see: {@code 4\0 1\0 1\0 1\0} is no card. Such a body
 * is re-encoded to UTF-8 in front of the parser ({@link #decoder}), and a rewriting session's
 * output back to the body's charset, byte order mark included, so what is forwarded keeps its
 * charset and its head.
 *
 * <p>How the charset is known, first rule that applies (as browsers read a body, the byte order
 * mark overrides the label):
 * <ol>
 *   <li>a UTF-16 byte order mark ({@code FF FE}, {@code FE FF}), or a UTF-32 one when the label
 *       names UTF-32; a UTF-8 one leaves the body as it is. Against a label that names an
 *       ASCII-compatible charset ({@code charset=utf-8}) the mark must be borne out by an ASCII
 *       character after it ({@code FF FE 7B 00}): {@code FF FE} before invalid UTF-8 is just
 *       bytes, read as sent;</li>
 *   <li>the Content-Type's {@code charset} parameter, when Java knows it and it does not write
 *       ASCII as ASCII; a label without byte order ({@code utf-16}) takes it from where the
 *       first character's zero byte lies;</li>
 *   <li>without either, the zero bytes of the first four: text opens with an ASCII character
 *       far more often than not, and a zero byte is no character of UTF-8 text, so
 *       {@code 00 xx 00 xx} is UTF-16BE and {@code xx 00 00 00} UTF-32LE (RFC 4627 §3 reads JSON so);
 *       Excel writes its "Unicode text" without a label, and {@code iconv} without a mark.</li>
 * </ol>
 * Only for the kinds that are text (JSON, forms, HTML, XML, CSV, plain text) and unlabelled
 * bodies; binary, multipart (each part has its own type), gRPC and server-sent events (UTF-8 by
 * definition) are never re-encoded. Offsets of findings in a re-encoded body are into its UTF-8
 * form, without the byte order mark. One per body; not thread-safe.
 */
public final class BodyCharset {
    /** Bytes held at the start of a body to look for a byte order mark or JSON's zero bytes. */
    public static final int SNIFF = 4;
    /** Charset labels remembered (they come from clients too, so the memo is bounded). */
    private static final int MAX_MEMO = 64;
    private static final Map<String, Optional<Charset>> MEMO = new ConcurrentHashMap<>();
    private static final byte[] ASCII = printableAscii();
    private static final byte[] NO_BOM = new byte[0];

    private final Charset declared;
    /** The label names a charset that writes ASCII as ASCII ({@code charset=utf-8}): a mark must be borne out. */
    private final boolean asciiLabel;
    private Charset charset;
    private byte[] byteOrderMark = NO_BOM;

    private BodyCharset(Charset declared, boolean asciiLabel) {
        this.declared = declared;
        this.asciiLabel = asciiLabel;
    }

    /** The charset reader for a body of {@code contentType}, or null when such a body is never re-encoded. */
    public static BodyCharset of(String contentType) {
        MediaKind kind = MediaKind.of(contentType);
        boolean text = switch (kind) {
            case JSON, FORM, HTML, XML, CSV, TEXT -> true;
            case RAW -> contentType == null;
            default -> false;
        };
        if (!text) {
            return null;
        }
        String label = MediaTypeParameter.of(contentType, "charset");
        Charset declared = declared(label);
        return new BodyCharset(declared, declared == null && label != null && !label.isBlank());
    }

    /** {@code parser} behind the charset stage a body of {@code contentType} gets, or itself when it gets none. */
    public static ByteSink decoding(String contentType, ByteSink parser) {
        BodyCharset charset = of(contentType);
        return charset == null ? parser : charset.decoder(parser);
    }

    /**
     * The charset the body is re-encoded from, once its first bytes decided it; null while
     * undecided and for a body read as sent.
     */
    public Charset charset() {
        return charset;
    }

    /** The byte order mark the body opened with (not passed to the parser), or an empty array. */
    public byte[] byteOrderMark() {
        return byteOrderMark;
    }

    /** The stage in front of {@code next}: holds the first bytes until the charset is known, then re-encodes or passes. */
    public ByteSink decoder(ByteSink next) {
        return new Sniffer(next);
    }

    /** A charset named by a label that writes ASCII differently from ASCII, else null. */
    static Charset declared(String label) {
        if (label == null || label.isEmpty() || label.length() > 40) {
            return null;
        }
        String key = label.toLowerCase(Locale.ROOT);
        if (key.equals("utf-8") || key.equals("utf8") || key.equals("us-ascii") || key.equals("iso-8859-1")) {
            return null;
        }
        Optional<Charset> known = MEMO.get(key);
        if (known == null) {
            known = Optional.ofNullable(lookUp(key));
            if (MEMO.size() < MAX_MEMO) {
                MEMO.put(key, known);
            }
        }
        return known.orElse(null);
    }

    private static Charset lookUp(String label) {
        try {
            Charset c = Charset.forName(label);
            return c.canEncode() && !Arrays.equals(ASCII, new String(ASCII, StandardCharsets.US_ASCII).getBytes(c))
                    ? c : null;
        } catch (IllegalArgumentException e) {
            // Not a charset name Java knows: the body is read as sent, as it always was.
            return null;
        }
    }

    private static byte[] printableAscii() {
        byte[] b = new byte[0x7f - 0x20 + 3];
        for (int i = 0x20; i < 0x7f; i++) {
            b[i - 0x20] = (byte) i;
        }
        b[b.length - 3] = '\t';
        b[b.length - 2] = '\n';
        b[b.length - 1] = '\r';
        return b;
    }

    /**
     * The charset the {@code n} first bytes at {@code h[o]} show for a body without a label: a
     * UTF-16 byte order mark, or the zero bytes of an ASCII first character in UTF-16 or UTF-32;
     * null for a body read as sent (ASCII-compatible, or a UTF-8 mark).
     */
    public static Charset unlabelled(byte[] h, int o, int n) {
        BodyCharset c = new BodyCharset(null, false);
        c.decide(h, o, n);
        return c.charset;
    }

    /** Decides the charset from the {@code n} first bytes of the body, at {@code h[o]}; sets the mark. */
    private void decide(byte[] h, int o, int n) {
        boolean utf32 = declared != null && declared.name().startsWith("UTF-32");
        if (utf32 && n >= 4 && h[o] == 0 && h[o + 1] == 0 && (h[o + 2] & 0xff) == 0xfe
                && (h[o + 3] & 0xff) == 0xff) {
            found(Charset.forName("UTF-32BE"), h, o, 4);
        } else if (utf32 && n >= 4 && (h[o] & 0xff) == 0xff && (h[o + 1] & 0xff) == 0xfe && h[o + 2] == 0
                && h[o + 3] == 0) {
            found(Charset.forName("UTF-32LE"), h, o, 4);
        } else if (n >= 3 && (h[o] & 0xff) == 0xef && (h[o + 1] & 0xff) == 0xbb && (h[o + 2] & 0xff) == 0xbf) {
            charset = null; // UTF-8 with its mark: read as sent
        } else if (n >= 2 && (h[o] & 0xff) == 0xfe && (h[o + 1] & 0xff) == 0xff) {
            if (!asciiLabel || n >= 4 && h[o + 2] == 0 && h[o + 3] != 0) {
                found(StandardCharsets.UTF_16BE, h, o, 2);
            }
        } else if (n >= 2 && (h[o] & 0xff) == 0xff && (h[o + 1] & 0xff) == 0xfe) {
            if (!asciiLabel || n >= 4 && h[o + 2] != 0 && h[o + 3] == 0) {
                found(StandardCharsets.UTF_16LE, h, o, 2);
            }
        } else if (declared != null) {
            charset = withByteOrder(declared, h, o, n);
        } else if (n >= 4) {
            charset = byZeroBytes(h, o);
        }
    }

    private void found(Charset c, byte[] h, int o, int markLength) {
        charset = c;
        byteOrderMark = Arrays.copyOfRange(h, o, o + markLength);
    }

    /** A label without byte order ({@code utf-16}, {@code utf-32}): big endian unless the first character says little. */
    private static Charset withByteOrder(Charset c, byte[] h, int o, int n) {
        boolean littleFirst = n >= 2 && h[o] != 0 && h[o + 1] == 0;
        if (c.equals(StandardCharsets.UTF_16)) {
            return littleFirst ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE;
        }
        if (c.name().equals("UTF-32")) {
            return Charset.forName(littleFirst ? "UTF-32LE" : "UTF-32BE");
        }
        return c;
    }

    /** The first character is ASCII: where its zero bytes lie tells the encoding (RFC 4627 §3). */
    private static Charset byZeroBytes(byte[] h, int o) {
        boolean z0 = h[o] == 0;
        boolean z1 = h[o + 1] == 0;
        boolean z2 = h[o + 2] == 0;
        boolean z3 = h[o + 3] == 0;
        if (z0 && z1 && z2 && !z3) {
            return Charset.forName("UTF-32BE");
        }
        if (!z0 && z1 && z2 && z3) {
            return Charset.forName("UTF-32LE");
        }
        if (z0 && !z1 && z2 && !z3) {
            return StandardCharsets.UTF_16BE;
        }
        if (!z0 && z1 && !z2 && z3) {
            return StandardCharsets.UTF_16LE;
        }
        return null;
    }

    /** Holds up to {@value #SNIFF} bytes, decides, then re-encodes to UTF-8 or passes bytes on as they come. */
    private final class Sniffer implements ByteSink {
        private final ByteSink next;
        private final byte[] head = new byte[SNIFF];
        private int held;
        private boolean decided;
        private Transcoder transcoder;

        Sniffer(ByteSink next) {
            this.next = next;
        }

        @Override
        public void write(byte[] buf, int off, int len) {
            if (!decided && held == 0 && len >= SNIFF) {
                // The usual first chunk: decided on its own bytes, passed on in one piece.
                settle(buf, off, len);
                return;
            }
            if (!decided) {
                int take = Math.min(len, SNIFF - held);
                System.arraycopy(buf, off, head, held, take);
                held += take;
                off += take;
                len -= take;
                if (held < SNIFF) {
                    return;
                }
                settle(head, 0, held);
            }
            pass(buf, off, len);
        }

        @Override
        public void end() {
            if (!decided) {
                settle(head, 0, held);
            }
            if (transcoder != null) {
                transcoder.end();
            }
            next.end();
        }

        /** Decides on the body's first bytes {@code buf[off, off + len)}, then sends them on without the byte order mark. */
        private void settle(byte[] buf, int off, int len) {
            decided = true;
            decide(buf, off, len);
            if (charset != null) {
                transcoder = new Transcoder(charset, StandardCharsets.UTF_8, next::write);
            }
            int mark = byteOrderMark.length;
            pass(buf, off + mark, len - mark);
        }

        private void pass(byte[] buf, int off, int len) {
            if (len <= 0) {
                return;
            }
            if (transcoder != null) {
                transcoder.write(buf, off, len);
            } else {
                next.write(buf, off, len);
            }
        }
    }
}
