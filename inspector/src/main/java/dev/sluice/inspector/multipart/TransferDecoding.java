package dev.sluice.inspector.multipart;

import dev.sluice.inspector.ByteSink;
import dev.sluice.inspector.decode.Base64DecodingSink;
import dev.sluice.inspector.decode.BufferedDecoder;
import dev.sluice.inspector.text.PercentEscape;

/**
 * Undoes a part's {@code Content-Transfer-Encoding} (RFC 2045 §6.7, §6.8) as its bytes stream by,
 * for inspection only: RFC 7578 §4.7 deprecates the header in form data, but a server that still
 * honours it reads the decoded value, so a WAF that scanned only the wire form would let
 * {@code MCBVTklPTiBTRUxFQ1Qg…} through. Decoded bytes have no wire offsets of their own, so only
 * sessions that do not rewrite decode (a rewriting one scans the part as sent). Base64 is
 * {@link Base64DecodingSink}'s; quoted-printable is here. Fixed memory: a 3 KiB output buffer
 * ({@link BufferedDecoder}) and at most two held input bytes. Never throws: a malformed
 * quoted-printable escape stays as written.
 */
final class TransferDecoding {
    private TransferDecoding() {
    }

    /** The decoder for a part's transfer encoding, or {@code part} itself when it has none. */
    static ByteSink wrap(PartHeaders.TransferEncoding encoding, ByteSink part) {
        return switch (encoding) {
            case BASE64 -> new Base64DecodingSink(part);
            case QUOTED_PRINTABLE -> new QuotedPrintable(part);
            case NONE -> part;
        };
    }

    private static final class QuotedPrintable extends BufferedDecoder {
        /** Bytes after an {@code =} not yet known to be an escape or a soft line break: 0 to 2. */
        private final byte[] held = new byte[2];
        private int heldCount;
        private boolean afterEquals;

        QuotedPrintable(ByteSink next) {
            super(next);
        }

        @Override
        public void write(byte[] buf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                take(buf[i]);
            }
            flush();
        }

        private void take(byte b) {
            if (!afterEquals) {
                if (b == '=') {
                    afterEquals = true;
                } else {
                    emit(b & 0xff);
                }
                return;
            }
            if (heldCount == 0 && b == '\n' || heldCount == 1 && held[0] == '\r' && b == '\n') {
                afterEquals = false; // a soft line break: nothing
                heldCount = 0;
                return;
            }
            boolean hex = PercentEscape.hexValue(b) >= 0;
            if (heldCount == 0 && (b == '\r' || hex) || heldCount == 1 && hex && PercentEscape.hexValue(held[0]) >= 0) {
                held[heldCount++] = b;
                if (heldCount == 2) {
                    emit(PercentEscape.hexValue(held[0]) << 4 | PercentEscape.hexValue(held[1]));
                    afterEquals = false;
                    heldCount = 0;
                }
                return;
            }
            // Not an escape: the = and what followed it stay as written.
            releaseHeld();
            take(b);
        }

        private void releaseHeld() {
            emit('=');
            for (int k = 0; k < heldCount; k++) {
                emit(held[k] & 0xff);
            }
            afterEquals = false;
            heldCount = 0;
        }

        @Override
        protected void finish() {
            if (afterEquals) {
                releaseHeld();
            }
        }
    }
}
